"""The QR code a user scans to enrol their authenticator app, as an inline SVG data URI."""

import base64
import io

import qrcode
import qrcode.image.svg


def qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def base32_secret(device) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
