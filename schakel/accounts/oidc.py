"""The OpenID Connect relying party: Schakel's half of signing in at an organisation's IdP.

The authorization code flow with PKCE, state and nonce (OpenID Connect Core 1.0 §3.1),
for any number of providers configured at run time in beheer. Discovery, the token
request and the ID token check are done here with requests and PyJWT, both made for
the job; no database and no request object, so the rules can be read in one place:

- the discovery document must name the issuer Schakel was configured with (Discovery
  §4.3), or its endpoints are not trusted;
- the ID token must be signed by a key of the provider's JWKS with an asymmetric
  algorithm (never "none" or a shared-secret algorithm), issued by that issuer, for
  this client, not expired, and carry the nonce of this sign-in.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from django.core.cache import cache
from django.utils.translation import gettext as _

# A beheerder names the variable holding the client secret; only variables with this
# prefix may be named, so no configuration can make Schakel send another secret (its
# SECRET_KEY, a database password) to a server of the beheerder's choosing.
SECRET_VARIABLE_PREFIX = "SCHAKEL_IDP_"
# Signatures Schakel accepts on an ID token: public-key algorithms only.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")
# amr values (RFC 8176) that prove more than one factor.
MFA_AMR_VALUES = frozenset({"mfa", "otp", "hwk", "swk", "sms", "fpt", "face", "iris", "sc"})
HTTP_TIMEOUT_SECONDS = 10
DISCOVERY_CACHE_SECONDS = 300
# Clock difference tolerated between Schakel and the IdP.
LEEWAY_SECONDS = 60
SCOPES = "openid email profile"


class OIDCError(Exception):
    """The sign-in at the IdP cannot be trusted or completed; the message is for the user."""

    def __init__(self, message: str, *, detail: str = ""):
        super().__init__(message)
        self.message = message
        # For the security log: what exactly went wrong (never a token or secret).
        self.detail = detail or message


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str = ""
    end_session_endpoint: str = ""


@dataclass(frozen=True)
class ClientConfig:
    """What Schakel needs of one configured provider (an IdentityProvider row)."""

    issuer: str
    client_id: str
    client_secret_variable: str


@dataclass(frozen=True)
class AuthorizationRequest:
    """The secrets of one sign-in, kept in the Schakel session until the IdP returns."""

    url: str
    state: str
    nonce: str
    code_verifier: str


def is_loopback(url: str) -> bool:
    return (urlsplit(url).hostname or "") in {"localhost", "127.0.0.1", "::1"}


def client_secret(config: ClientConfig) -> str:
    if not config.client_secret_variable.startswith(SECRET_VARIABLE_PREFIX):
        raise OIDCError(
            _("De inlog van uw organisatie is niet goed ingesteld."),
            detail=f"omgevingsvariabele zonder prefix {SECRET_VARIABLE_PREFIX}",
        )
    secret = os.environ.get(config.client_secret_variable, "")
    if not secret:
        raise OIDCError(
            _("De inlog van uw organisatie is niet goed ingesteld."),
            detail=f"omgevingsvariabele {config.client_secret_variable} is leeg of ontbreekt",
        )
    return secret


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=HTTP_TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise OIDCError(
            _("De inlog van uw organisatie is nu niet bereikbaar. Probeer het later opnieuw."),
            detail=f"{url}: {type(error).__name__}",
        ) from error
    if not isinstance(document, dict):
        raise OIDCError(_("De inlog van uw organisatie gaf een onbruikbaar antwoord."))
    return document


def discover(issuer: str) -> ProviderMetadata:
    """The provider's endpoints from its discovery document, cached for a few minutes."""
    key = "schakel-oidc-discovery:" + hashlib.sha256(issuer.encode()).hexdigest()
    cached = cache.get(key)
    if isinstance(cached, ProviderMetadata):
        return cached
    document = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if document.get("issuer") != issuer:
        raise OIDCError(
            _("De inlog van uw organisatie is niet goed ingesteld."),
            detail=f"discovery noemt issuer {str(document.get('issuer'))[:200]!r}, "
            f"ingesteld is {issuer!r}",
        )
    try:
        metadata = ProviderMetadata(
            issuer=issuer,
            authorization_endpoint=str(document["authorization_endpoint"]),
            token_endpoint=str(document["token_endpoint"]),
            jwks_uri=str(document["jwks_uri"]),
            userinfo_endpoint=str(document.get("userinfo_endpoint") or ""),
            end_session_endpoint=str(document.get("end_session_endpoint") or ""),
        )
    except KeyError as error:
        raise OIDCError(
            _("De inlog van uw organisatie is niet goed ingesteld."),
            detail=f"discovery mist {error.args[0]}",
        ) from error
    cache.set(key, metadata, DISCOVERY_CACHE_SECONDS)
    return metadata


def _code_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorization_request(
    *, config: ClientConfig, metadata: ProviderMetadata, redirect_uri: str, login_hint: str
) -> AuthorizationRequest:
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    code_verifier = secrets.token_urlsafe(64)
    query = {
        "response_type": "code",
        "client_id": config.client_id,
        "redirect_uri": redirect_uri,
        "scope": SCOPES,
        "state": state,
        "nonce": nonce,
        "code_challenge": _code_challenge(code_verifier),
        "code_challenge_method": "S256",
    }
    if login_hint:
        query["login_hint"] = login_hint
    separator = "&" if "?" in metadata.authorization_endpoint else "?"
    url = f"{metadata.authorization_endpoint}{separator}{urlencode(query)}"
    return AuthorizationRequest(url=url, state=state, nonce=nonce, code_verifier=code_verifier)


def exchange_code(
    *,
    config: ClientConfig,
    metadata: ProviderMetadata,
    code: str,
    code_verifier: str,
    redirect_uri: str,
) -> dict[str, Any]:
    """The token response for an authorization code (client_secret_basic, RFC 6749 §2.3.1)."""
    try:
        response = requests.post(
            metadata.token_endpoint,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": code_verifier,
            },
            auth=(config.client_id, client_secret(config)),
            headers={"Accept": "application/json"},
            timeout=HTTP_TIMEOUT_SECONDS,
        )
        tokens = response.json()
    except (requests.RequestException, ValueError) as error:
        raise OIDCError(
            _("De inlog van uw organisatie is nu niet bereikbaar. Probeer het later opnieuw."),
            detail=f"tokenverzoek: {type(error).__name__}",
        ) from error
    if response.status_code != 200 or not isinstance(tokens, dict) or "id_token" not in tokens:
        error_code = tokens.get("error", "") if isinstance(tokens, dict) else ""
        raise OIDCError(
            _("Inloggen via uw organisatie is niet gelukt. Probeer het opnieuw."),
            detail=f"tokenverzoek geweigerd: HTTP {response.status_code} {str(error_code)[:80]}",
        )
    return tokens


def verify_id_token(
    *, id_token: str, config: ClientConfig, metadata: ProviderMetadata, nonce: str
) -> dict[str, Any]:
    """The claims of an ID token that passed every check, or OIDCError."""
    refused = _("Inloggen via uw organisatie is niet gelukt. Probeer het opnieuw.")
    try:
        signing_key = jwt.PyJWKClient(
            metadata.jwks_uri, cache_keys=False, timeout=HTTP_TIMEOUT_SECONDS
        ).get_signing_key_from_jwt(id_token)
        claims: dict[str, Any] = jwt.decode(
            id_token,
            key=signing_key,
            algorithms=list(SIGNING_ALGORITHMS),
            audience=config.client_id,
            issuer=metadata.issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
    except jwt.PyJWKClientConnectionError as error:
        raise OIDCError(
            _("De inlog van uw organisatie is nu niet bereikbaar. Probeer het later opnieuw."),
            detail="sleutels (JWKS) niet op te halen",
        ) from error
    except jwt.PyJWTError as error:
        raise OIDCError(refused, detail=f"ID-token afgewezen: {error}"[:300]) from error
    # With more than one audience the token must name Schakel as its authorized party.
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != config.client_id:
        raise OIDCError(refused, detail="ID-token afgewezen: azp is niet deze client")
    if not isinstance(claims.get("nonce"), str) or not secrets.compare_digest(
        claims["nonce"], nonce
    ):
        raise OIDCError(refused, detail="ID-token afgewezen: nonce klopt niet")
    return claims


def shows_multi_factor(claims: dict[str, Any], *, mfa_acr_values: list[str]) -> bool:
    """Whether the IdP says it checked more than one factor (amr per RFC 8176, or acr)."""
    amr = claims.get("amr")
    if isinstance(amr, list) and MFA_AMR_VALUES.intersection(str(value) for value in amr):
        return True
    acr = claims.get("acr")
    return isinstance(acr, str) and acr in mfa_acr_values


def end_session_url(
    *, metadata: ProviderMetadata, client_id: str, id_token: str, post_logout_redirect_uri: str
) -> str:
    """RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2)."""
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "client_id": client_id,
        }
    )
    separator = "&" if "?" in metadata.end_session_endpoint else "?"
    return f"{metadata.end_session_endpoint}{separator}{query}"
