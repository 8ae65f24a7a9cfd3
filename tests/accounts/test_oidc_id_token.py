"""The ID token checks of Schakel's OpenID Connect client, on tokens of a real provider.

Each test takes a token the stand-in IdP really issued and changes one thing the check
must catch: the nonce, the audience, the signature, the key, the algorithm, the expiry.
"""

import base64
import datetime
import json
import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from schakel.accounts import oidc
from tests.oidc_idp import world
from tests.oidc_idp.provider import running_provider

CALLBACK = "http://testserver/inloggen/organisatie/terug/"


@pytest.fixture(scope="module")
def stand_in():
    with running_provider(
        accounts=world.POLITIE_ACCOUNTS, redirect_uris=[CALLBACK], post_logout_redirect_uris=[]
    ) as provider:
        yield provider


@pytest.fixture
def config(stand_in, monkeypatch):
    monkeypatch.setenv("SCHAKEL_IDP_TOKENTEST", stand_in.client_secret)
    return oidc.ClientConfig(
        issuer=stand_in.issuer,
        client_id=stand_in.client_id,
        client_secret_variable="SCHAKEL_IDP_TOKENTEST",
    )


@pytest.fixture
def issued(stand_in, config):
    """A real sign-in at the stand-in: its metadata, nonce and ID token."""
    metadata = oidc.discover(stand_in.issuer)
    request = oidc.authorization_request(
        config=config, metadata=metadata, redirect_uri=CALLBACK, login_hint=""
    )
    back = stand_in.sign_in(request.url, world.AGENT, stop_at=CALLBACK)
    query = parse_qs(urlsplit(back).query)
    assert query["state"] == [request.state]
    tokens = oidc.exchange_code(
        config=config,
        metadata=metadata,
        code=query["code"][0],
        code_verifier=request.code_verifier,
        redirect_uri=CALLBACK,
    )
    return metadata, request.nonce, tokens["id_token"]


def _verify(config, metadata, nonce, id_token):
    return oidc.verify_id_token(id_token=id_token, config=config, metadata=metadata, nonce=nonce)


def test_a_genuine_token_passes_with_its_claims(config, issued):
    metadata, nonce, id_token = issued

    claims = _verify(config, metadata, nonce, id_token)

    assert claims["sub"] == world.AGENT.sub
    assert claims["email"] == world.AGENT.email
    assert claims["amr"] == ["pwd", "otp"]
    assert oidc.shows_multi_factor(claims, mfa_acr_values=[])


def test_another_nonce_is_refused(config, issued):
    metadata, _nonce, id_token = issued

    with pytest.raises(oidc.OIDCError) as refused:
        _verify(config, metadata, "een-andere-nonce", id_token)
    assert "nonce" in refused.value.detail


def test_a_token_for_another_client_is_refused(config, issued):
    metadata, nonce, id_token = issued
    other = oidc.ClientConfig(
        issuer=config.issuer, client_id="een-andere-client", client_secret_variable="X"
    )

    with pytest.raises(oidc.OIDCError) as refused:
        _verify(other, metadata, nonce, id_token)
    assert "Audience" in refused.value.detail


def test_a_token_of_another_issuer_is_refused(config, issued):
    metadata, nonce, id_token = issued
    elsewhere = oidc.ProviderMetadata(
        issuer="https://idp.elders.example",
        authorization_endpoint=metadata.authorization_endpoint,
        token_endpoint=metadata.token_endpoint,
        jwks_uri=metadata.jwks_uri,
    )

    with pytest.raises(oidc.OIDCError) as refused:
        _verify(config, elsewhere, nonce, id_token)
    assert "issuer" in refused.value.detail


def _parts(id_token):
    header, payload, signature = id_token.split(".")
    decode = lambda part: json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))  # noqa: E731
    return decode(header), decode(payload), signature


def _encode(data) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_a_changed_claim_breaks_the_signature(config, issued):
    metadata, nonce, id_token = issued
    header, payload, signature = _parts(id_token)
    payload["sub"] = "iemand-anders"
    forged = f"{_encode(header)}.{_encode(payload)}.{signature}"

    with pytest.raises(oidc.OIDCError) as refused:
        _verify(config, metadata, nonce, forged)
    assert "Signature verification failed" in refused.value.detail


def test_a_token_signed_with_another_key_is_refused(config, issued):
    metadata, nonce, id_token = issued
    header, payload, _signature = _parts(id_token)
    own_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    # Same key id as the provider's key, so the check really compares signatures.
    forged = jwt.encode(payload, own_key, algorithm="RS256", headers={"kid": header["kid"]})

    with pytest.raises(oidc.OIDCError) as refused:
        _verify(config, metadata, nonce, forged)
    assert "Signature verification failed" in refused.value.detail


def test_an_unsigned_token_is_refused(config, issued):
    metadata, nonce, id_token = issued
    header, payload, _signature = _parts(id_token)
    unsigned = f"{_encode({**header, 'alg': 'none'})}.{_encode(payload)}."

    with pytest.raises(oidc.OIDCError):
        _verify(config, metadata, nonce, unsigned)


def test_an_expired_token_is_refused(config, issued, stand_in):
    metadata, nonce, id_token = issued
    claims = _verify(config, metadata, nonce, id_token)
    lifetime = claims["exp"] - claims["iat"]
    later = time.time() + lifetime + oidc.LEEWAY_SECONDS + 5

    class Later(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime.fromtimestamp(later, tz=tz)

    with pytest.MonkeyPatch.context() as patch:
        # PyJWT reads the clock through this name.
        patch.setattr(jwt.api_jwt, "datetime", Later)
        with pytest.raises(oidc.OIDCError) as refused:
            _verify(config, metadata, nonce, id_token)
    assert "expired" in refused.value.detail


def test_a_secret_variable_without_the_prefix_is_never_read(stand_in, monkeypatch):
    monkeypatch.setenv("SCHAKEL_SECRET_KEY", "niet-voor-een-idp")
    config = oidc.ClientConfig(
        issuer=stand_in.issuer,
        client_id=stand_in.client_id,
        client_secret_variable="SCHAKEL_SECRET_KEY",
    )

    with pytest.raises(oidc.OIDCError):
        oidc.client_secret(config)


def test_multi_factor_is_read_from_amr_or_a_configured_acr():
    assert oidc.shows_multi_factor({"amr": ["pwd", "hwk"]}, mfa_acr_values=[])
    assert not oidc.shows_multi_factor({"amr": ["pwd"]}, mfa_acr_values=[])
    assert not oidc.shows_multi_factor({"amr": "otp"}, mfa_acr_values=[])
    assert oidc.shows_multi_factor({"acr": "urn:hoog"}, mfa_acr_values=["urn:hoog"])
    assert not oidc.shows_multi_factor({"acr": "urn:laag"}, mfa_acr_values=["urn:hoog"])
    assert not oidc.shows_multi_factor({}, mfa_acr_values=[])
