from .regency import current_regency_name


def regency(request):
    """The regency's name for the header and page titles."""
    return {"regency_name": current_regency_name()}
