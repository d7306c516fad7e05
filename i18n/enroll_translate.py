"""The enrollment area's Chinese strings: lupdate (enrollment sources only), fill
i18n/enroll_zh_CN.ts from the table below, lrelease to kiosk/i18n/enroll_zh_CN.qm.

    uv run python i18n/enroll_translate.py

Every source string must have an entry; the script fails on any it does not know.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TS = HERE / "enroll_zh_CN.ts"
QM = ROOT / "kiosk" / "i18n" / "enroll_zh_CN.qm"
BIN = Path(sys.executable).parent

ZH = {
    # ConsentPage / NoticePage
    "Your choice": "由您决定",
    "• We keep a face template (numbers worked out from your face), never a photo.":
        "• 我们保存的是人脸模板（根据您的面部算出的一组数字），不保存照片。",
    "• It stays only on this kiosk, encrypted.": "• 模板只加密保存在这台设备上。",
    "• It is deleted on %1 if you do not use it again.": "• 如果您之后不再使用，将于%1删除。",
    "• You can delete it at any time under \"My data\".": "• 您可以随时在“我的数据”中删除。",
    "Do you agree to set up face verification for your pass?": "您是否同意为您的通行证开通人脸核验？",
    "I agree": "我同意",
    "No thanks": "不用了",
    "Either answer is fine. Your card and PIN keep working the same way.": "两种回答都可以。您的卡和密码照常可用。",
    "Please read the notice first.": "请先阅读告知书。",
    "Next: my answer": "下一步：我的回答",
    "I have read this. Next: my answer": "我已阅读。下一步：我的回答",
    "Face verification (optional)": "人脸核验（可选）",
    # AgePage
    "Are you 14 or older?": "您是否已满 14 周岁？",
    "We ask because, for children under 14, a parent or guardian decides.":
        "我们这样问，是因为未满 14 周岁的儿童由父母或其他监护人决定。",
    "Yes, 14 or older": "是，已满 14 周岁",
    "No, under 14": "否，未满 14 周岁",
    "Setting this up for a child? Choose \"No, under 14\".": "为孩子开通？请选择“否，未满 14 周岁”。",
    # GuardianPage
    "A parent or guardian decides": "由父母或监护人决定",
    "With my own member number and PIN": "用我自己的会员号和密码",
    "With help from staff": "请工作人员协助",
    "Parent's or guardian's member number": "父母或监护人的会员号",
    "Parent's or guardian's PIN": "父母或监护人的密码",
    "Staff PIN (typed by staff)": "工作人员密码（由工作人员输入）",
    "Parent's or guardian's full name (typed by staff)": "父母或监护人的姓名（由工作人员输入）",
    "This pass belongs to a child under 14. By confirming, the parent or guardian agrees to face verification "
    "for this pass, as described in the notice.":
        "此通行证属于未满 14 周岁的儿童。确认即表示父母或监护人同意按告知书所述，为此通行证开通人脸核验。",
    "I am the parent or guardian and I agree": "我是父母或监护人，我同意",
    "Please type the member number and a PIN of 4 to 8 digits.": "请输入会员号和 4 至 8 位数字的密码。",
    "Please type the staff PIN and the guardian's full name.": "请输入工作人员密码和监护人的姓名。",
    "Checking…": "正在核对…",
    # EnrollCapturePage
    "Set up face verification": "开通人脸核验",
    "Only one person in front of the camera, please. The picture is used for a moment and then thrown away: "
    "no photo is kept.": "摄像头前请只留一个人。画面只在处理的一瞬间使用，随即丢弃，不保存任何照片。",
    "Try again": "再试一次",
    "Use my card or PIN instead": "改用卡或密码",
    "Progress": "进度",
    "Camera picture with an oval guide": "带椭圆引导框的摄像头画面",
    "Pictures taken: %1 of %2": "已拍摄：%1 / %2",
    "Face set-up cannot start yet. Please start again.": "暂时无法开始开通人脸核验，请重新开始。",
    "The camera could not see your face clearly in time. Nothing was saved.": "摄像头未能及时看清您的面部。没有保存任何内容。",
    "Nothing was saved.": "没有保存任何内容。",
    # ReceiptPage / MyDataPage / MyDataDeletedPage
    "Face verification is set up": "人脸核验已开通",
    "Next time, you can choose \"Face\" on the kiosk. Your card and PIN keep working too.":
        "下次您可以在本机选择“人脸”。您的卡和密码也照常可用。",
    "Done": "完成",
    "What is stored": "保存的内容",
    "A face template: numbers worked out from your face. No photo or video.":
        "人脸模板：根据您的面部算出的一组数字。不保存照片或视频。",
    "Where": "保存位置",
    "Only on this kiosk, encrypted.": "只加密保存在这台设备上。",
    "Deleted on": "删除日期",
    "Deleted": "删除时间",
    "%1, if you do not use it again": "%1（如果您之后不再使用）",
    "Parent or guardian: %1": "父母或监护人：%1",
    "You": "您本人",
    "Consent given by": "同意人",
    "Consent number": "同意记录编号",
    "To delete it": "如何删除",
    "Choose \"My data\" on the first screen, or ask staff. It is deleted at once.":
        "在首页选择“我的数据”，或请工作人员帮忙。删除立即生效。",
    "My data": "我的数据",
    "Delete my face data": "删除我的人脸数据",
    "Delete your face data now? Your card and PIN keep working.": "现在删除您的人脸数据吗？您的卡和密码照常可用。",
    "Yes, delete it": "是，删除",
    "No, keep it": "否，保留",
    "Looking up your data…": "正在查询您的数据…",
    "No face data is stored for pass %1.": "通行证 %1 没有保存任何人脸数据。",
    "This is what this kiosk stores about your face (pass %1):": "这是本机保存的关于您面部的信息（通行证 %1）：",
    "Set up on": "开通日期",
    "Notice you agreed to": "您同意的告知书",
    "Version %1": "版本 %1",
    "Last used": "上次使用",
    "Not used yet": "尚未使用",
    "Your face data is deleted": "您的人脸数据已删除",
    "The face template for pass %1 has been deleted from this kiosk.": "通行证 %1 的人脸模板已从本机删除。",
    "Consent withdrawn": "已撤回的同意",
    "Number %1": "编号 %1",
    "Your card and PIN keep working. Face verification is no longer offered for this pass. "
    "You can set it up again later if you wish.":
        "您的卡和密码照常可用。此通行证不再提供人脸核验。如果您愿意，以后可以重新开通。",
    # EnrollMessages
    "This person cannot give consent for this pass. Please ask staff.": "此人不能为此通行证表示同意。请联系工作人员。",
    "Please use the parent's or guardian's own member number, not the child's.": "请使用父母或监护人自己的会员号，而不是孩子的会员号。",
    "A parent or guardian is an adult. Please ask an adult, or ask staff.": "父母或监护人应为成年人。请由成年人操作，或联系工作人员。",
    "That pass is not valid at the moment. Please ask staff for help.": "该通行证目前无效。请联系工作人员协助。",
    "Please type the parent's or guardian's full name.": "请输入父母或监护人的姓名。",
    "This staff account cannot do this. Please ask another member of staff.": "此工作人员账号不能进行此操作。请联系其他工作人员。",
    "That staff PIN could not be checked.": "无法核对该工作人员密码。",
}


def main() -> int:
    sys.path.insert(0, str(HERE))
    from update import area_sources

    subprocess.run([str(BIN / "pyside6-lupdate"), *area_sources(HERE / "enroll.files"), "-no-obsolete",
                    "-locations", "none", "-target-language", "zh_CN", "-ts", str(TS)], cwd=ROOT, check=True,
                   capture_output=True)
    tree = ET.parse(TS)
    missing = []
    for msg in tree.getroot().iter("message"):
        source = msg.findtext("source")
        tr = msg.find("translation")
        if source not in ZH:
            missing.append(source)
            continue
        tr.text = ZH[source]
        tr.attrib.pop("type", None)
    if missing:
        print("no translation for:", *missing, sep="\n  ")
        return 1
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(TS), "-qm", str(QM)], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
