"""The consent notice shown before any face capture (rule 3). Versioned; its SHA-256
(of the exact text shown, in the language shown) is stored with each consent."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from kiosk.config import Settings

NOTICE_VERSION = "2026-11.1"

_TEXT = {
    "en": (
        "Face verification at this gate (optional)\n\n"
        "Who runs it: {operator}. Contact: {contact}.\n"
        "Purpose: to check that you are the holder of pass {member_no} when you choose face verification "
        "instead of your card or PIN at this gate. Nothing else.\n"
        "What is kept: a template, a list of 128 numbers computed from your face. No photo or video is kept.\n"
        "Where: only on this kiosk, in an encrypted file. It is never sent anywhere.\n"
        "Until when: {expiry} at the latest; earlier if your pass ends or you stop using face verification.\n"
        "Your choice: your card and PIN keep working exactly the same whether you agree or not.\n"
        "Changing your mind: choose \"My data\" on the kiosk at any time, or ask staff, "
        "and the template is deleted at once."
    ),
    "zh_CN": (
        "本闸机的人脸核验（可选）\n\n"
        "运营者：{operator}。联系方式：{contact}。\n"
        "用途：当您选择用人脸代替卡或密码时，核对您是否为通行证 {member_no} 的持有人。不作其他用途。\n"
        "保存内容：由您的面部计算出的模板（128 个数字）。不保存任何照片或视频。\n"
        "保存位置：仅在本机，加密保存，绝不向外发送。\n"
        "保存期限：最迟至 {expiry}；通行证到期或您不再使用人脸核验时会更早删除。\n"
        "您的选择：无论同意与否，您的卡和密码都照常可用。\n"
        "改变主意：随时在本机选择“我的数据”或联系工作人员，模板会立即删除。"
    ),
}


@dataclass(frozen=True)
class Notice:
    version: str
    language: str
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def render_notice(settings: Settings, member_no: str, expiry: str, language: str = "en") -> Notice:
    template = _TEXT.get(language, _TEXT["en"])
    text = template.format(
        operator=settings.operator_name or "-",
        contact=settings.operator_contact or "-",
        member_no=member_no,
        expiry=expiry[:10],
    )
    return Notice(NOTICE_VERSION, language if language in _TEXT else "en", text)
