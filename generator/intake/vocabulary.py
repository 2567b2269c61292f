"""The Danish words and patterns that recognise an inquiry's parts: dates, headers, quoted and forwarded
messages, greetings, signatures, disclaimers, list items, questions, requests, subjects and case numbers.

The words are data (ordliste.yaml: months, greetings, disclaimers, question words, abbreviations, …);
the patterns that put words together (dates, list items, requests, case numbers) are here."""

from __future__ import annotations

import re
from pathlib import Path

from generator.domain.data import load_package_yaml
from generator.domain.months import MONTH_NUMBERS

WORDS_FILE = Path(__file__).with_name("ordliste.yaml")
_WORDS = load_package_yaml(WORDS_FILE)


def _phrases(key: str) -> str:
    """The phrases listed under `key` in ordliste.yaml as regex alternatives: each word taken
    literally, the spaces between words any whitespace."""
    return "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in _WORDS[key])


_MONTHS: dict[str, int] = MONTH_NUMBERS


_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))


_DATE_PATTERNS = (
    # 2025-06-25
    (re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), ("y", "m", "d")),
    # 25. juni 2025, 25 jun. 2025, 25.juni 2025
    (re.compile(rf"(?<!\d)(\d{{1,2}})\.?\s*({_MONTH})\.?,?\s+(\d{{4}})(?!\d)", re.IGNORECASE), ("d", "mn", "y")),
    # June 25, 2025
    (re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})(?!\d)", re.IGNORECASE), ("mn", "d", "y")),
    # 25-06-2025, 25.06.2025, 25/06/2025, 25.06.25
    (re.compile(r"(?<![\d.\-/])(\d{1,2})([.\-/])(\d{1,2})\2(\d{4}|\d{2})(?![\d.\-/]\d)"), ("d", "_", "m", "y")),
    # 25/6 2025, 25/6-2025
    (re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})[\s-](\d{4})(?!\d)"), ("d", "m", "y")),
)


_DATE_LABEL = re.compile(r"^\s*(?:dato|sendt|date|sent|modtaget|afsendt)\s*:\s*(.*)$", re.IGNORECASE)


_DATE_LINE_FILLER = re.compile(
    r"\b(?:den|d|dato|kl|københavn|kbh|frederiksberg|mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\d{1,2}[:.]\d{2}|[,.:\-–]",
    re.IGNORECASE,
)


_HEADER = re.compile(
    r"^\s*(?:fra|til|cc|bcc|sendt|dato|emne|vedr|vedrørende|angående|ang|subject|from|to|date|sent"
    r"|prioritet|vigtighed|importance|bilag|attachments?|sagsnr|sagsnummer|j\.\s?nr|jnr|journal\s?nr|journalnummer)\s*\.?\s*:",
    re.IGNORECASE,
)


_FROM_LINE = re.compile(r"^\s*(?:fra|from)\s*:\s*(.*)$", re.IGNORECASE)


_HEADER_AFTER_FROM = re.compile(r"^\s*(?:sendt|sent|dato|date|til|to|emne|subject|cc)\s*:", re.IGNORECASE)


_SEPARATOR = re.compile(
    r"^\s*(?:-{2,}|_{2,}|={2,})?\s*(?:oprindelig(?:e)?\s+(?:meddelelse|besked|mail|e-?mail)|original\s+message"
    r"|videresendt\s+(?:meddelelse|besked|mail|e-?mail)|forwarded\s+message|begin\s+forwarded\s+message"
    r"|start\s+på\s+videresendt\s+(?:meddelelse|besked))\s*:?\s*(?:-{2,}|_{2,}|={2,})?\s*$",
    re.IGNORECASE,
)


_FORWARD_SEPARATOR = re.compile(
    r"videresendt|forwarded|begin\s+forwarded|start\s+på\s+videresendt", re.IGNORECASE
)


_FORWARD_PREFIX = re.compile(r"^\s*(?:(?:sv|re|aw)\s*:\s*)*(?:vs|fw|fwd|wg|videresend|videresendt)\s*:", re.IGNORECASE)


_FORWARD_SUBJECT = re.compile(
    r"^\s*(?:emne|subject)\s*:\s*(?:(?:sv|re|aw)\s*:\s*)*(?:vs|fw|fwd|wg)\s*:", re.IGNORECASE | re.MULTILINE
)


_RULE_LINE = re.compile(r"^\s*_{10,}\s*$")


_WROTE = re.compile(r"^\s*(?:den|d\.|on|am|le)\s.{4,200}\b(?:skrev|wrote|schrieb)\b", re.IGNORECASE)


_SIGNATURE = re.compile(
    r"^\s*(?:(?:med\s+)?(?:venlig(?:st)?|venlige|kærlig|kærlige|bedste|mange|de\s+bedste)\s+hils(?:en|ner)"
    r"|hilsen|hilsner|mvh|m\.v\.h|vh|v\.h|kh|bh|kind\s+regards|best\s+regards|regards)\b\.?\s*[,!.]?\s*(.*)$",
    re.IGNORECASE,
)


_SIG_DELIMITER = re.compile(r"^--\s*$")


_GREETING = re.compile(rf"^\s*(?:{_phrases('hilsner')})\b[^?]{{0,80}}$", re.IGNORECASE)


_NOISE_LINE = re.compile(
    r"^\s*(?:sendt\s+fra\s+min|sent\s+from\s+my|hent\s+outlook|get\s+outlook|outlook\s+til\s+ios"
    r"|\[?ekstern(?:\s+e-?mail)?\]?|\[?external\]?|caution:|obs:\s+denne\s+mail\s+kommer\s+udefra)",
    re.IGNORECASE,
)


_DISCLAIMER = re.compile(_phrases("ansvarsfraskrivelser"), re.IGNORECASE)


_THANKS = re.compile(
    r"^\s*(?:(?:på\s+forhånd\s+)?(?:mange\s+|tusind\s+|rigtig\s+mange\s+)?tak\b|jeg\s+ser\s+frem\s+til"
    r"|(?:jeg|vi)\s+(?:vil\s+)?(?:gerne\s+)?(?:sige\s+tak|takke[rs]?)\b"
    r"|vi\s+ser\s+frem\s+til|ha\s+en\s+god|hav\s+en\s+god|god\s+dag|god\s+weekend)",
    re.IGNORECASE,
)


_PLEASANTRY = re.compile(rf"^\s*(?:{_phrases('høflighed')})", re.IGNORECASE)


# A question about the reply itself ("Kan I nå at svare inden fredag?"), not about the subject.
_ABOUT_THE_REPLY = re.compile(
    r"\b(?:svar|svare|svaret|svarene|vende\s+tilbage|nå\s+(?:det|at))\b.*\b(?:inden|senest|snarest|hurtigst"
    r"|i\s+morgen|denne\s+uge|næste\s+uge|før\s+mødet|til\s+mødet)\b",
    re.IGNORECASE,
)


# A request phrased as a statement: "Jeg vil også gerne vide, hvor mange …", "Jeg beder forvaltningen
# oplyse antallet af …", "Derudover ønsker jeg en sammenligning med …", "Forvaltningen bedes redegøre for …".
_REQUEST = re.compile(
    r"\b(?:oplys|oplyse|oplyses|redegør|redegøre|redegøres|redegørelse|belys|belyse|belyses|beskriv|beskrive"
    r"|(?:have|få|ønsker|ønskes)\s+(?:\w+\s+){0,3}?(?:oplyst|belyst|beskrevet|uddybet)"
    r"|bede[rs]?\s+(?:\w+\s+){0,3}?om|bedt\s+om"
    r"|ønske[rs]?\s+(?:(?:jeg|vi|også|derfor|desuden|endvidere|gerne)\s+)*(?:at\s+(?:få|vide|se|høre)|en|et|tal|svar|data)"
    r"|vil\s+(?:\w+\s+){0,3}?(?:gerne\s+(?:\w+\s+)?)?(?:vide|høre|bede)|vil\s+(?:\w+\s+){0,3}?gerne\s+(?:have|se|kende|spørge)"
    r"|tænke\s+mig\s+(?:at\s+)?(?:vide|få|se|høre)|efterspørg(?:er|e)|hører\s+gerne|må\s+jeg\s+(?:bede|få))\b",
    re.IGNORECASE,
)


# A sentence that announces the questions rather than asking one: "… følgende spørgsmål:", "Jeg vil gerne
# vide følgende.", "Jeg har et par spørgsmål om …", "… vil jeg bede om nogle tal." A request in the same paragraph
# is part of the lead-in.
_INTRODUCES_QUESTIONS = re.compile(
    r":\s*$|\b(?:følgende|nedenstående)\b[^.?!]{0,30}[.?!]?\s*$|\bspørgsmål(?:ene)?\s+(?:nedenfor|herunder)\b"
    r"|\b(?:følgende|nedenstående|disse|mine|nogle|et\s+par|to|tre|fire|fem)\s+(?:\w+\s+)?spørgsmål\b"
    # "… vil jeg bede om nogle tal.": figures announced, the sentence ending at them; "nogle tal for fleksjob i Vejle" asks
    r"|\b(?:følgende|nedenstående|nogle|et\s+par|en\s+række)\s+(?:\w+\s+)?(?:tal|oplysninger|opgørelser|tal\s+og\s+oplysninger)\s*[.:!]?\s*$",
    re.IGNORECASE,
)


# "I sidste uge bad udvalget om …": a request told about, not made; "beder", "bedes", "vil gerne" make one now.
_REPORTED_REQUEST = re.compile(rf"\b(?:{_phrases('tidligere_anmodninger')})\b", re.IGNORECASE)
_REQUEST_NOW = re.compile(r"\b(?:beder|bedes|ønsker|ønskes|vil\s+(?:\w+\s+){0,3}?gerne|vil\s+bede|må\s+jeg|kan\s+(?:i|du|forvaltningen))\b", re.IGNORECASE)


_ASKS_FOR_FIGURES = re.compile(rf"\b(?:{_phrases('spørgeord')})\b", re.IGNORECASE)


# List items: "1." "1)" "(1)" "a)" "(a)" "Spørgsmål 1:" "Spm. 2." and bullets.
_ITEM = re.compile(
    r"^(?P<indent>\s*)(?P<marker>(?:spørgsmål|spm\.?)\s*(?:nr\.?\s*)?\d{1,2}\s*[:.)–-]?"
    r"|\(?\d{1,2}[.)]|\(\d{1,2}\)|\(?[a-hA-H]\)"
    r"|[-•*–·▪◦●○■□➢►✓](?=\s))\s*(?P<text>.*)$",
    re.IGNORECASE,
)


_DATE_AT_START = re.compile(rf"^\s*\d{{1,2}}\.\s*(?:{_MONTH})\b|^\s*\d{{1,2}}\.\d", re.IGNORECASE)


_QUESTION_LIKE = re.compile(rf"\?|^(?:og\s+|samt\s+)?(?:{_phrases('spørgsmålsbegyndelser')})\b", re.IGNORECASE)


_TERMINAL = re.compile(r"[?.!:;)\]»”\"]\s*$")


_ABBREVIATIONS = frozenset(_WORDS["forkortelser"])


_SUBJECT_LABEL = re.compile(
    r"^\s*(?:emne|subject|vedr\.?|vedrørende|ang\.?|angående|om)\s*:\s*(.+)$", re.IGNORECASE
)


_SUBJECT_LINE = re.compile(r"^\s*(?:vedr\.|vedrørende|ang\.|angående)\s+(.+)$", re.IGNORECASE)


_SUBJECT_HEADING = re.compile(
    r"^\s*(?:opfølgende\s+)?(?:spørgsmål|henvendelse|forespørgsel)(?:\s+(?:fra|til)\s+[^?:]{1,60}?)?"
    r"\s+(?:om|vedr\.?|vedrørende|angående|ang\.?)\s+(.+)$",
    re.IGNORECASE,
)


_SUBJECT_IN_PROSE = re.compile(
    r"\b(?:spørgsmål|skriver(?:\s+til\s+(?:jer|dig|forvaltningen))?|henvender\s+mig(?:\s+til\s+(?:jer|dig|forvaltningen))?)"
    r"\s+(?:om|vedr\.|vedrørende|angående)\s+([^,.;:?!()\n]{3,80})",
    re.IGNORECASE,
)


# "Sagsnr. 2025-0123456", "sagsnummeret er 2025-0123456", "J.nr.: 25/01234", "Journalnr. 00.01.00-P20-1-25".
_CASE_NUMBER = re.compile(
    r"\b(?:sags?\s?nr|sagsnummer(?:et)?|j\s?\.\s?nr|jnr|jour\.\s?nr|journal\s?nr|journalnummer(?:et)?)\b\.?\s*:?\s*(?:er\s+)?"
    r"(?P<number>(?:[A-ZÆØÅ]{1,6}-?)?\d(?:[\w./-]*[A-Za-z0-9])?)",
    re.IGNORECASE,
)


# "Henvendelse fra Liv Holm (F) vedr. ressourceforløb": the topic is what follows the marker.
_TOPIC_MARKER = re.compile(r"(?:^|\s)(?:vedr\.?|vedrørende|angående|ang\.)\s*:?\s+(?=\S)", re.IGNORECASE)


# A subject that names no topic ("Emne: Spørgsmål") leaves room for a "Vedr. …" line in the text.
_GENERIC_SUBJECT = re.compile(rf"^(?:{_phrases('generiske_emner')})$", re.IGNORECASE)


_REPLY_PREFIX = re.compile(r"^\s*(?:(?:sv|vs|re|fw|fwd|aw|wg|videresend|videresendt)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)


_TOPIC_PREFIX = re.compile(
    r"^\s*(?:(?:opfølgende\s+)?(?:spørgsmål|henvendelse|forespørgsel)\s+(?:om|vedr\.?|vedrørende|angående|ang\.?)"
    r"|vedr\.?|vedrørende|ang\.|angående)\s*:?\s+",
    re.IGNORECASE,
)


_PROPER_NOUNS = tuple(_WORDS["egennavne"])


_NAME_TOKEN = re.compile(r"^(?:[A-ZÆØÅÉÜÖÄ][\w'’.\-]*|[A-ZÆØÅ]\.|(?:von|van|der|de|la|le|da|di|el|al|bin|ibn))$")


_NOT_A_NAME = frozenset(_WORDS["ikke_navne"])
