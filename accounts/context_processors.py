def roles(request):
    """Role flags for navigation, computed once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_secretariat": user.is_secretariat,
        "is_leader": user.is_leader,
        "is_unit_member": user.is_unit_member,
        "is_unit_head": user.is_unit_head,
    }
