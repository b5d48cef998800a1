"""The evaluations section of the session report: the results of the session's closed
evaluations. Registered with the sessions app in EvaluationsConfig.ready()."""

from .models import Evaluation
from .results import evaluation_results


def session_evaluations_context(session) -> dict:
    # Closed ones only: results_published, as a query.
    evaluations = Evaluation.objects.filter(
        session=session, status=Evaluation.Status.CLOSED
    ).select_related("session")
    return {"results": [evaluation_results(evaluation) for evaluation in evaluations]}
