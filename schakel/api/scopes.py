"""The scopes a partner system can be given, each opening one part of the API."""

from django.utils.translation import gettext_lazy as _

MELDINGEN_SCHRIJVEN = "meldingen:schrijven"
MELDINGEN_LEZEN = "meldingen:lezen"
INFORMATIEVERZOEKEN = "informatieverzoeken"
CASUSSEN_LEZEN = "casussen:lezen"
ACTIES = "acties"
AGENDA = "agenda"

SCOPES = {
    MELDINGEN_SCHRIJVEN: _("Meldingen doen namens de eigen organisatie"),
    MELDINGEN_LEZEN: _("De eigen meldingen lezen"),
    INFORMATIEVERZOEKEN: _("Informatieverzoeken aan de eigen organisatie lezen en beantwoorden"),
    CASUSSEN_LEZEN: _("Casussen en betrokkenen lezen waarin de organisatie deelneemt"),
    ACTIES: _("Acties en interventies van de eigen organisatie lezen en de voortgang melden"),
    AGENDA: _("De overleggen waarvoor de organisatie is uitgenodigd"),
}
