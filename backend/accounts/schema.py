"""OpenAPI description of the project's JWT authentication class."""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme


class KindredJWTScheme(SimpleJWTScheme):
    target_class = "backend.accounts.authentication.JWTAuthentication"
    name = "jwtAuth"
