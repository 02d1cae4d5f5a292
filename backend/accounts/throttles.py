from rest_framework.throttling import AnonRateThrottle


class LoginRateThrottle(AnonRateThrottle):
    """Per-client-address limit on sign-in attempts (the per-account lockout is separate)."""

    scope = "login"


class RegisterRateThrottle(AnonRateThrottle):
    scope = "register"
