from rest_framework.renderers import JSONRenderer

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ProblemJSONRenderer(JSONRenderer):
    """Lets a client that asks for application/problem+json have it."""

    media_type = PROBLEM_CONTENT_TYPE
