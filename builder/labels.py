"""The words Handout itself adds to a handout ("Words to know", "Page 2 of 4"), per language.

An article in Spanish gets Spanish furniture. Dates are formatted by Babel
from the Unicode CLDR data, so "March 12, 2024" for en-US and "12 de marzo
de 2024" for es. Languages without a table here fall back to English words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.dates import format_date


@dataclass(frozen=True, slots=True)
class Labels:
    words_to_know: str = "Words to know"
    notes: str = "Notes"
    references: str = "References"
    reviewed: str = "Reviewed"
    draft: str = "Draft: not yet reviewed by the clinic"
    version: str = "Version"
    page_of: str = "Page {page} of {pages}"
    picture: str = "Picture"
    also_called: str = "Also called"
    source: str = "Source"
    contact: str = "Contact"
    next_steps: str = "What to do next"
    listen: str = "Listen to this handout"
    back_to_text: str = "Back to the text"
    note: str = "Note"
    and_colleagues: str = "et al."
    contents: str = "Contents"
    # Spoken furniture (the speech script)
    ordinals: tuple[str, ...] = (
        "First",
        "Second",
        "Third",
        "Fourth",
        "Fifth",
        "Sixth",
        "Seventh",
        "Eighth",
        "Ninth",
        "Tenth",
    )
    number_n: str = "Number {n}"
    in_the_journal: str = "In the journal {journal}"
    colleagues_spoken: str = "and colleagues"
    and_word: str = "and"
    or_word: str = "or"
    more_information: str = "More information"
    # The listening library (the site)
    listen_here: str = "Listen"
    captions: str = "Captions"
    speed: str = "Speed"
    chapters: str = "Chapters"
    downloads: str = "Take it with you"
    print_this: str = "Print this"
    open_in_word: str = "Open in Word"
    for_e_readers: str = "For e-readers"
    listen_offline: str = "Listen offline"
    plain_text: str = "Plain text, for a screen reader or braille"
    qr_code: str = "Open this page on a carer's phone"
    all_handouts: str = "All handouts"
    library: str = "Handouts"
    search: str = "Search the handouts"
    topic: str = "Topic"
    topics: str = "Topics"
    language: str = "Language"
    review: str = "Review"
    all: str = "All"
    shown_of: str = "{shown} of {total} handouts shown"


_LABELS: dict[str, Labels] = {
    "en": Labels(),
    "es": Labels(
        words_to_know="Palabras que debe conocer",
        notes="Notas",
        references="Referencias",
        reviewed="Revisado",
        draft="Borrador: la clínica aún no lo ha revisado",
        version="Versión",
        page_of="Página {page} de {pages}",
        picture="Imagen",
        also_called="También se llama",
        source="Fuente",
        contact="Contacto",
        next_steps="Qué hacer ahora",
        listen="Escuche este folleto",
        back_to_text="Volver al texto",
        note="Nota",
        and_colleagues="y col.",
        contents="Contenido",
        ordinals=(
            "Primero",
            "Segundo",
            "Tercero",
            "Cuarto",
            "Quinto",
            "Sexto",
            "Séptimo",
            "Octavo",
            "Noveno",
            "Décimo",
        ),
        number_n="Número {n}",
        in_the_journal="En la revista {journal}",
        colleagues_spoken="y colaboradores",
        and_word="y",
        or_word="o",
        more_information="Más información",
        listen_here="Escuchar",
        captions="Subtítulos",
        speed="Velocidad",
        chapters="Capítulos",
        downloads="Lléveselo",
        print_this="Imprimir",
        open_in_word="Abrir en Word",
        for_e_readers="Para lectores electrónicos",
        listen_offline="Escuchar sin conexión",
        plain_text="Texto simple, para lector de pantalla o braille",
        qr_code="Abra esta página en el teléfono de quien le cuida",
        all_handouts="Todos los folletos",
        library="Folletos",
        search="Buscar en los folletos",
        topic="Tema",
        topics="Temas",
        language="Idioma",
        review="Revisión",
        all="Todos",
        shown_of="{shown} de {total} folletos",
    ),
    "fr": Labels(
        words_to_know="Mots à connaître",
        notes="Notes",
        references="Références",
        reviewed="Révisé le",
        draft="Brouillon : pas encore relu par la clinique",
        version="Version",
        page_of="Page {page} sur {pages}",
        picture="Image",
        also_called="Aussi appelé",
        source="Source",
        contact="Contact",
        next_steps="Que faire maintenant",
        listen="Écoutez ce document",
        back_to_text="Retour au texte",
        note="Note",
        and_colleagues="et al.",
        contents="Sommaire",
        ordinals=(
            "Premièrement",
            "Deuxièmement",
            "Troisièmement",
            "Quatrièmement",
            "Cinquièmement",
            "Sixièmement",
            "Septièmement",
            "Huitièmement",
            "Neuvièmement",
            "Dixièmement",
        ),
        number_n="Numéro {n}",
        in_the_journal="Dans la revue {journal}",
        colleagues_spoken="et collaborateurs",
        and_word="et",
        or_word="ou",
        more_information="Plus d'informations",
        listen_here="Écouter",
        captions="Sous-titres",
        speed="Vitesse",
        chapters="Chapitres",
        downloads="À emporter",
        print_this="Imprimer",
        open_in_word="Ouvrir dans Word",
        for_e_readers="Pour liseuses",
        listen_offline="Écouter hors ligne",
        plain_text="Texte simple, pour lecteur d'écran ou braille",
        qr_code="Ouvrir cette page sur le téléphone d'un proche aidant",
        all_handouts="Tous les documents",
        library="Documents",
        search="Chercher dans les documents",
        topic="Sujet",
        topics="Sujets",
        language="Langue",
        review="Révision",
        all="Tous",
        shown_of="{shown} sur {total} documents",
    ),
}


def labels_for(lang: str) -> Labels:
    """The furniture words for a BCP 47 tag, by its primary language; English otherwise."""
    return _LABELS.get(lang.split("-")[0].lower(), _LABELS["en"])


def long_date(date: dt.date, lang: str) -> str:
    """A date as people write it in that language: 'March 12, 2024', '12 de marzo de 2024'."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en_US")
    return format_date(date, format="long", locale=locale)
