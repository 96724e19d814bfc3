"""Guessing a generic CSV's mapping from its column names ("E-mail", "Mobile", "Vorname")."""

from __future__ import annotations

import re

from netcare_desktop.interop.csvformats.sniff import (
    norm_name,
)

# -- suggest_mapping --------------------------------------------------------------------------


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", norm_name(name)).replace("_", " ").split())


_EXACT: dict[str, str] = {}
for _field, _names in {
    "display_name": "name;full name;display name;contact name;contact;file as;person;fullname;"
    "displayname;nom complet;vollständiger name",
    "given_name": "first name;firstname;given name;givenname;forename;first;vorname;prénom;prenom;"
    "nombre;nome",
    "family_name": "last name;lastname;surname;family name;familyname;last;nachname;nom;"
    "nom de famille;apellido;apellidos;cognome",
    "middle_name": "middle name;middlename;middle;additional name;second name;middle initial",
    "prefix": "prefix;name prefix;salutation;anrede;civilité;honorific",
    "suffix": "suffix;name suffix",
    "nickname": "nickname;nick;nick name;spitzname;surnom;alias",
    "organization": "company;organization;organisation;org;employer;company name;"
    "organization name;organisation name;organization 1 name;firma;unternehmen;entreprise;"
    "société;societe;empresa;account;account name",
    "department": "department;dept;abteilung;division;service;departamento",
    "title": "job title;jobtitle;title;position;role;occupation;organization title;"
    "organization 1 title;job;berufsbezeichnung;funktion;position title;poste;fonction;cargo;"
    "headline",
    "notes": "notes;note;comments;comment;description;remarks;notizen;bemerkungen;notas",
    "birthday": "birthday;birth date;birthdate;date of birth;dob;born;geburtstag;geburtsdatum;"
    "anniversaire;date de naissance;cumpleaños;fecha de nacimiento",
    "groups": "groups;group;tags;tag;labels;label;categories;category;lists;list;"
    "group membership;kategorien;gruppen;catégories",
}.items():
    for _n in _names.split(";"):
        _EXACT[_n] = _field
del _field, _names, _n

_EMAIL_WORDS = re.compile(r"\b(e ?mail|email address|mail|courriel|correo)\b")
_PHONE_WORDS = re.compile(
    r"\b(phone|telephone|tel|mobile|mobil|cell|cellphone|fax|pager|handy|telefon|téléphone|"
    r"portable|celular|móvil|movil|whatsapp|callback|isdn|telex)\b"
)
_URL_WORDS = re.compile(
    r"\b(website|web site|web page|webpage|url|homepage|home page|web|blog|site)\b"
)


def _suggest(name: str) -> str:
    k = _key(name)
    if not k:
        return "ignore"
    if "linkedin" in k:
        return "linkedin_url"
    if k in _EXACT:
        return _EXACT[k]
    if _EMAIL_WORDS.search(k):
        if re.search(r"\b(display|type|kind)\b", k):
            return "ignore"
        return "email"
    if _PHONE_WORDS.search(k):
        return "phone"
    if _URL_WORDS.search(k):
        return "url"
    if re.search(r"\bbirth", k) or "geburt" in k:
        return "birthday"
    if re.search(r"\b(notes?|comments?)\b", k):
        return "notes"
    k2 = re.sub(r"\s*\d+$", "", k)  # "Group 2", "Tag 1"
    if k2 != k and k2 in _EXACT and _EXACT[k2] == "groups":
        return "groups"
    return "ignore"


def suggest_mapping(header: list[str]) -> dict[str, str]:
    """Column name -> one of :data:`FIELDS`, guessed from the name ("E-mail", "Mobile"...)."""
    return {name: _suggest(name) for name in header}
