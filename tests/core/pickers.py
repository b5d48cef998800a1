"""What a search-as-you-type picker of an admin page offers (congress_office/
admin_autocomplete.py): the labels the autocomplete endpoint answers."""

AUTOCOMPLETE = "/admin/autocomplete/"


def picker_params(field: str, term: str = "", obj=None) -> dict:
    """The query a picker sends: `field` as "app_label.model_name.field_name", `obj` the object
    whose change page holds it (None: the add page)."""
    app_label, model_name, field_name = field.split(".")
    params = {
        "app_label": app_label,
        "model_name": model_name,
        "field_name": field_name,
        "term": term,
    }
    if obj is not None:
        params["object"] = obj.pk
    return params


def picker_offers(client, field: str, term: str = "", obj=None) -> list[str]:
    """The labels offered, in order (the first page of them)."""
    response = client.get(AUTOCOMPLETE, picker_params(field, term, obj))
    assert response.status_code == 200, response.status_code
    return [result["text"] for result in response.json()["results"]]
