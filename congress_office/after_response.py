"""Work that runs once the response has been sent, in the process that sent it.

With no broker configured, a task runs inside the request that queued it (decision 97): a
printed report would hold the page for seconds, its button still live. Such work is kept
here instead, and `AfterResponseMiddleware` hands it to the response, which runs it when the
server closes the response, after the last byte went out (WSGI servers, runserver and the test
client all close it). The page answers at once and follows the work's progress like a worker's.
Outside a request (a command, a task, a test calling a service) there is nothing to wait for,
and `defer` declines."""

import logging
from contextvars import ContextVar

logger = logging.getLogger(__name__)

_pending: ContextVar[list | None] = ContextVar("after_response", default=None)


def defer(work) -> bool:
    """Run `work()` once the current response is sent. False, doing nothing, outside a
    request: the caller then runs it itself."""
    pending = _pending.get()
    if pending is None:
        return False
    pending.append(work)
    return True


def _logged(work):
    def run():
        try:
            work()
        except Exception:  # the response is gone: the log is the only place left to tell
            logger.exception("Work run after the response failed.")

    return run


class AfterResponseMiddleware:
    """Placed before every middleware that may defer work (only the security middleware, which
    defers nothing, comes first), so that whatever they and the view defer is kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending = []
        token = _pending.set(pending)
        try:
            response = self.get_response(request)
        except BaseException:
            _pending.reset(token)
            for work in pending:  # no response to wait for: the work is not lost
                _logged(work)()
            raise
        _pending.reset(token)
        # Django's responses call these closers from close(), before request_finished (so the
        # request's database connection is still there). It is how FileResponse closes files.
        response._resource_closers.extend(_logged(work) for work in pending)
        if pending:
            # Without a length the server closes the connection after this response (runserver
            # does so; an application may not send "Connection: close" itself), so the browser
            # asks for the next page on a new connection instead of waiting behind this work.
            del response["Content-Length"]
        return response
