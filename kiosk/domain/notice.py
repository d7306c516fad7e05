"""The consent notice shown before any face capture (rule 3).

Plain, calm language for a parent of a 10-year-old and for an elderly visitor, in
English and Simplified Chinese. The notice is versioned; the SHA-256 of the exact text
shown (in the language shown, with the operator, pass number and dates filled in) is
stored with each consent. Any change of wording gets a new :data:`NOTICE_VERSION`
(``tests/test_wording.py`` pins the hash of a reference rendering per version).

Every notice contains the elements in :data:`REQUIRED_ELEMENTS`, one section each.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from kiosk.config import Settings, TemplateStorage

NOTICE_VERSION = "2026-11.4"
LANGUAGES = ("en", "zh_CN")

#: (section key, what it must tell the visitor). The wording test checks each one.
REQUIRED_ELEMENTS = (
    ("operator", "who runs the kiosk"),
    ("contact", "how to reach them"),
    ("purpose", "what the face is used for, and what not"),
    ("stored", "what is kept: a template computed from the face, never a photo"),
    ("where", "only on this kiosk, encrypted"),
    ("until", "the computed deletion date"),
    ("withdraw", "how to change one's mind and delete"),
)

_TITLE = {"en": "Face verification (optional)", "zh_CN": "人脸核验（可选）"}

_TITLE_GUARDIAN = {"en": "Face verification for your child (optional)", "zh_CN": "为您的孩子开通人脸核验（可选）"}

_INTRO_GUARDIAN = {
    "en": "For the parent or guardian of pass {member_no}: you decide. Card and PIN work either way.",
    "zh_CN": "致通行证 {member_no} 持有人的父母或监护人：由您决定。无论是否同意，卡和密码都照常可用。",
}

_INTRO = {
    "en": (
        "It is your choice. Your card and PIN keep working the same way, whether you say yes or no."
    ),
    "zh_CN": "用不用由您决定。无论您是否同意，您的卡和密码都照常可用。",
}

# key -> language -> (heading, body). Placeholders are filled in by render_notice().
_SECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "operator": {
        "en": ("Who runs this kiosk", "{operator}"),
        "zh_CN": ("谁负责这台设备", "{operator}"),
    },
    "contact": {
        "en": ("Questions", "Contact: {contact}"),
        "zh_CN": ("如有疑问", "联系方式：{contact}"),
    },
    "purpose": {
        "en": (
            "What it is for",
            "Only to check that the person at the gate is the holder of pass {member_no}, when they choose "
            "their face instead of a card or PIN. Nothing else: it is not used to look for anyone, or to guess your age, mood "
            "or anything else about you.",
        ),
        "zh_CN": (
            "用来做什么",
            "仅用于在持卡人选择人脸核验（代替卡或密码）时，核对闸机前的人是否为通行证 {member_no} 的持有人。不作其他用途："
            "不会用来查找任何人，也不会用来推测您的年龄、情绪或其他任何特征。",
        ),
    },
    "stored": {
        "en": (
            "What is kept",
            "A face template: a list of numbers worked out from your face. No photo or video is kept; the "
            "camera picture is used for a moment, then thrown away.",
        ),
        "zh_CN": (
            "保存什么",
            "一份人脸模板：根据您的面部算出的一组数字。不保存您的任何照片或视频。摄像头画面只在处理的一瞬间使用，随即丢弃。",
        ),
    },
    "where": {
        "en": (
            "Where it is kept",
            "Only on this kiosk, in an encrypted file. It is not sent to anyone.",
        ),
        "zh_CN": ("保存在哪里", "只保存在这台设备上，存放在加密文件中，不会发送给任何人。"),
    },
    "until": {
        "en": (
            "How long it is kept",
            "It is deleted automatically on {expiry} if you do not use it again. Each use moves that date to "
            "{idle_days} days after the use, but never later than {grace_days} days after your pass ends.",
        ),
        "zh_CN": (
            "保存多久",
            "如果您之后不再使用，模板将于{expiry}自动删除。每次使用后，删除日期改为该次使用后 {idle_days} 天，"
            "但最晚不超过通行证到期后 {grace_days} 天。",
        ),
    },
    "children": {
        "en": (
            "Children",
            "If the pass holder is under 14, a parent or guardian decides, and we record who they are.",
        ),
        "zh_CN": ("儿童", "如果通行证持有人未满 14 周岁，由父母或其他监护人决定并表示同意，我们会记录监护人的身份。"),
    },
    "record": {
        "en": (
            "Record of your answer",
            "We keep a short record of the consent (date, notice version, who gave it), with no face data.",
        ),
        "zh_CN": ("同意记录", "我们会保存一条简短的同意记录（日期、告知书版本、由谁同意），其中不含任何人脸数据。"),
    },
    "withdraw": {
        "en": (
            "Changing your mind",
            "You can delete it at any time: on the first screen choose \"My data\", enter your member number "
            "and PIN, then \"Delete my face data\". Staff can also do it for you. It is deleted at once, and "
            "your card and PIN keep working.",
        ),
        "zh_CN": (
            "改变主意",
            "您可以随时删除：在首页选择\u201c我的数据\u201d，输入会员号和密码，再选择\u201c删除我的人脸数据\u201d。"
            "也可以请工作人员帮您删除。删除立即生效，您的卡和密码照常可用。",
        ),
    },
}

#: For a child under 14 the notice speaks to the parent or guardian: these sections say
#: "your child" where the member's own notice says "you".
_GUARDIAN_SECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "purpose": {
        "en": (
            "What it is for",
            "Only to check that the person at the gate is the holder of pass {member_no}, when your child "
            "chooses their face instead of a card or PIN. Nothing else: it is not used to look for anyone, or "
            "to guess your child's age, mood or anything else about them.",
        ),
        "zh_CN": (
            "用来做什么",
            "仅用于在孩子选择人脸核验（代替卡或密码）时，核对闸机前的人是否为通行证 {member_no} 的持有人。不作其他用途："
            "不会用来查找任何人，也不会用来推测孩子的年龄、情绪或其他任何特征。",
        ),
    },
    "stored": {
        "en": (
            "What is kept",
            "A face template: a list of numbers worked out from your child's face. No photo or video is kept; "
            "the camera picture is used for a moment, then thrown away.",
        ),
        "zh_CN": (
            "保存什么",
            "一份人脸模板：根据孩子的面部算出的一组数字。不保存任何照片或视频。摄像头画面只在处理的一瞬间使用，随即丢弃。",
        ),
    },
    "until": {
        "en": (
            "How long it is kept",
            "It is deleted automatically on {expiry} if your child does not use it again. Each use moves that date "
            "to {idle_days} days after the use, but never later than {grace_days} days after your child's pass ends.",
        ),
        "zh_CN": (
            "保存多久",
            "如果孩子之后不再使用，模板将于{expiry}自动删除。每次使用后，删除日期改为该次使用后 {idle_days} 天，"
            "但最晚不超过孩子的通行证到期后 {grace_days} 天。",
        ),
    },
    "withdraw": {
        "en": (
            "Changing your mind",
            "You can delete it at any time: on the first screen choose \"My data\", enter your child's member "
            "number and PIN, then \"Delete my face data\". Staff can also do it for you. It is deleted at once, "
            "and your child's card and PIN keep working.",
        ),
        "zh_CN": (
            "改变主意",
            "您可以随时删除：在首页选择\u201c我的数据\u201d，输入孩子的会员号和密码，再选择\u201c删除我的人脸数据\u201d。"
            "也可以请工作人员帮您删除。删除立即生效，孩子的卡和密码照常可用。",
        ),
    },
}

#: The parent's notice in pass mode: the template is on the child's pass, not "your pass".
_GUARDIAN_PASS_SECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "where": {
        "en": (
            "Where it is kept",
            "Only on your child's own pass: you get a code that holds it, sealed so that only this site's kiosks "
            "can read it. No kiosk keeps a copy, so none can check whether this face is already set up on another "
            "pass.",
        ),
        "zh_CN": (
            "保存在哪里",
            "只保存在孩子自己的通行证上：您会得到一个二维码，模板加密封存其中，只有本场所的设备能读取。设备不留副本，"
            "因此无法检查这张脸是否已设置在其他通行证上。",
        ),
    },
    "until": {
        "en": ("How long it works", "Your child's face pass works until {expiry}; then you can renew it at the desk."),
        "zh_CN": ("有效期多久", "孩子的人脸通行证有效期至{expiry}，之后可在服务台续期。"),
    },
    "withdraw": {
        "en": (
            "Changing your mind",
            "Any time: \"My data\" on the first screen, your child's pass or member number and PIN, then "
            "\"Delete my face data\"; or ask staff. The pass stops working here at once, at other kiosks when "
            "staff update them.",
        ),
        "zh_CN": (
            "改变主意",
            "随时可撤回：在首页选\u201c我的数据\u201d，出示孩子的通行证或输入孩子的会员号和密码，再选"
            "\u201c删除我的人脸数据\u201d；也可请工作人员办理。该通行证在此立即失效，工作人员更新其他设备后那里也失效。",
        ),
    },
}

#: The order of the sections in the notice.
SECTION_ORDER = ("operator", "contact", "purpose", "stored", "where", "until", "children", "record", "withdraw")

#: Pass mode (``template_storage: pass``): these sections replace their kiosk-mode wording ("where"
#: also says that no duplicate check can run). Such notices carry the version ``NOTICE_VERSION + PASS_SUFFIX``.
PASS_SUFFIX = "+pass"
_PASS_SECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "where": {
        "en": (
            "Where it is kept",
            "Only on your own pass: you get a code that holds it, sealed so that only this site's kiosks can read "
            "it. No kiosk keeps a copy, so none can check whether this face is already set up on another pass.",
        ),
        "zh_CN": (
            "保存在哪里",
            "只保存在您自己的通行证上：您会得到一个二维码，模板加密封存其中，只有本场所的设备能读取。设备不留副本，"
            "因此无法检查这张脸是否已设置在其他通行证上。",
        ),
    },
    "until": {
        "en": ("How long it works", "Your face pass works until {expiry}; then you can renew it at the desk."),
        "zh_CN": ("有效期多久", "您的人脸通行证有效期至{expiry}，之后可在服务台续期。"),
    },
    "withdraw": {
        "en": (
            "Changing your mind",
            "Any time: \"My data\" on the first screen, your pass or member number and PIN, then \"Delete my face "
            "data\"; or ask staff. The pass stops working here at once, at other kiosks when staff update them.",
        ),
        "zh_CN": (
            "改变主意",
            "随时可撤回：在首页选\u201c我的数据\u201d，出示通行证或输入会员号和密码，再选\u201c删除我的人脸数据\u201d；"
            "也可请工作人员办理。该通行证在此立即失效，工作人员更新其他设备后那里也失效。",
        ),
    },
}

#: Site mode (``template_storage: site``, a kiosk of a site): "where" says that every kiosk of the
#: site keeps the template and the site's server only a sealed copy it cannot open. Such notices
#: carry the version ``NOTICE_VERSION + SITE_SUFFIX``. The wording speaks to the member and to a
#: parent alike.
SITE_SUFFIX = "+site"
_SITE_SECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "where": {
        "en": (
            "Where it is kept",
            "At this site's gates: each kiosk of this site keeps it in an encrypted file, so that any gate can "
            "check it. The site's server keeps only a sealed copy that it cannot open. It is not sent to anyone "
            "else, and deleting it deletes it at every gate.",
        ),
        "zh_CN": (
            "保存在哪里",
            "保存在本场所的各个闸口：本场所的每台设备都把它存放在加密文件中，以便任一闸口都能核验。场所的服务器只保存"
            "一份加密封存、服务器自身无法打开的副本。不会发送给其他任何人；删除后，所有闸口上的都会一并删除。",
        ),
    },
}

_FALLBACK = {
    "operator": {"en": "The operator of this site", "zh_CN": "本场所的运营方"},
    "contact": {"en": "please ask the staff at this gate", "zh_CN": "请询问现场工作人员"},
}

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def format_date(iso: str, language: str) -> str:
    """A date as people read it: '26 November 2027' or '2027年11月26日'."""
    d = date.fromisoformat(iso[:10])
    if language == "zh_CN":
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


@dataclass(frozen=True)
class NoticeSection:
    key: str
    heading: str
    body: str


@dataclass(frozen=True)
class Notice:
    """The exact notice shown to one member, in one language. No personal data besides the pass number."""

    version: str
    language: str
    text: str
    title: str = ""
    intro: str = ""
    sections: tuple[NoticeSection, ...] = ()
    for_guardian: bool = False  # addressed to the parent or guardian of a child under 14

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def section(self, key: str) -> NoticeSection:
        return next(s for s in self.sections if s.key == key)


def render_notice(settings: Settings, member_no: str, expiry: str, language: str = "en", *,
                  for_guardian: bool = False) -> Notice:
    """The notice for ``member_no`` whose template would be deleted on ``expiry`` (ISO date or time).
    ``for_guardian``: the pass holder is under 14 and the notice speaks to the parent or guardian."""
    lang = language if language in LANGUAGES else "en"
    values = {
        "operator": settings.operator_for(lang) or _FALLBACK["operator"][lang],
        "contact": settings.operator_contact.strip() or _FALLBACK["contact"][lang],
        "member_no": member_no,
        "expiry": format_date(expiry, lang),
        "idle_days": settings.idle_retention_days,
        "grace_days": settings.grace_days_after_pass,
    }
    on_pass = settings.templates_on_pass
    at_site = settings.template_storage == TemplateStorage.SITE
    texts = {**_SECTIONS, **(_GUARDIAN_SECTIONS if for_guardian else {}), **(_PASS_SECTIONS if on_pass else {}),
             **(_GUARDIAN_PASS_SECTIONS if for_guardian and on_pass else {}), **(_SITE_SECTIONS if at_site else {})}
    sections = tuple(
        NoticeSection(key, texts[key][lang][0], texts[key][lang][1].format(**values)) for key in SECTION_ORDER
    )
    if for_guardian:
        title, intro = _TITLE_GUARDIAN[lang], _INTRO_GUARDIAN[lang].format(member_no=member_no)
    else:
        title, intro = _TITLE[lang], _INTRO[lang]
    text = "\n\n".join([title, intro] + [f"{s.heading}\n{s.body}" for s in sections])
    suffix = PASS_SUFFIX if on_pass else SITE_SUFFIX if at_site else ""
    return Notice(NOTICE_VERSION + suffix, lang, text, title, intro, sections, for_guardian)


def notice_templates() -> dict[str, list[str]]:
    """Every raw notice string per language (for the wording check)."""
    out: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        out[lang] = [_TITLE[lang], _INTRO[lang], _TITLE_GUARDIAN[lang], _INTRO_GUARDIAN[lang]]
        out[lang] += [part for key in _GUARDIAN_SECTIONS for part in _GUARDIAN_SECTIONS[key][lang]]
        out[lang] += [part for key in SECTION_ORDER for part in _SECTIONS[key][lang]]
        out[lang] += [part for key in _PASS_SECTIONS for part in _PASS_SECTIONS[key][lang]]
        out[lang] += [part for key in _SITE_SECTIONS for part in _SITE_SECTIONS[key][lang]]
        out[lang] += [v[lang] for v in _FALLBACK.values()]
    return out
