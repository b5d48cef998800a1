"""Thin tasks: ids in, a service call. Safe to run twice (the document's status is the claim)."""

from celery import shared_task

from .printing import session_document_generate


@shared_task(acks_late=True, max_retries=2)
def generate_session_document(document_id: int, language: str) -> None:
    session_document_generate(document_id=document_id, language=language)
