"""Names and addresses written in Chinese, Japanese or Korean script.

The NER model reads English, and a run of Han characters is nothing to it: "收件人：王小明，电话："
keeps "王小明". These scripts have no capitals and put no spaces between words, so a name is
known by a family name and what stands beside it (a title, "赵总", "高橋さん", "김민준 씨"; a
key; a chat speaker's colon), and an address by its administrative words ("北京市朝阳区建国路
93号", "東京都世田谷区三軒茶屋2-14-7").
"""

from __future__ import annotations

import re

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from workers.pii.words import commonest_words, is_first_name

_HAN = "\u3400-\u9fff"
_KATAKANA = "\u30a0-\u30ff"
_HANGUL = "\uac00-\ud7af"
# The commonest Chinese family names, simplified and traditional; none that is as often a
# word of its own (高 "high", 金 "gold", 于 "at", 向 "towards").
_CHINESE_FAMILIES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋"
                     "蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范廖贾夏韦邹孟熊秦邱江尹薛闫段雷侯龙史"
                     "陶黎贺顾毛郝龚邵钱严覃戴莫孔汤張劉陳楊黃趙吳孫馬鄭羅謝許韓馮鄧蕭葉蘇呂盧鍾"
                     "譚陸賈鄒龔錢嚴湯")
_JAPANESE_FAMILIES = """
佐藤 鈴木 高橋 田中 伊藤 渡辺 渡邊 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤
斉藤 清水 山崎 森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤
青木 坂本 福田 太田 西村 藤井 金子 岡本 藤原 中野 三浦 原田 中川 松田 竹内 小野 田村 中山 和田 石田
森田 上田 原 内田 柴田 酒井 宮崎 横山 高木 安藤 宮本 大野 小島 谷口 今井 工藤 高田 増田 丸山 杉山
村田 大塚 新井 小山 平野 藤本 河野 上野 野口 武田 松井 千葉 岩崎 菅原 木下 久保 佐野 野村 松尾 菊地
杉本 市川 古川 大西 島田 水野 桜井 高野 渡部 吉川 山内 西田 飯田 菊池 西川 小松 北村 安田 五十嵐
川口 平田 中田 久保田 服部 岩田 土屋 川崎 福島 本田 樋口 秋山 田口 永井 山中 中西 吉村 川上 石原
大橋 松岡 馬場 浜田 森本 星野 矢野 浅野 大久保 松下 荒木 大石 望月 小池 野田 平井 熊谷 片山 早川
""".split()
_KOREAN_FAMILIES = ("김이박최정강조윤장임한오서신권황안송류유홍전고문양손배백허남심노하곽성차주우구"
                    "민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국")
_CHINESE_TITLES = ("先生|女士|小姐|老师|老師|经理|經理|医生|醫生|主任|师傅|律师|阿姨|教授|同学|"
                   "大夫|老板|总|總|姐|哥")
_KOREAN_TITLES = "팀장|과장|부장|대리|실장|사장|차장|기사|선생님|교수|원장"
_CHINESE_ROLES = "师傅|師傅|妻子|丈夫|老公|老婆|上级|上級|同事|儿子|兒子|女儿|女兒|母亲|父亲|主管"
# What comes right after a name in a Chinese sentence: a verb or particle, or punctuation.
_CHINESE_AFTER_NAME = r"[说說也的是在和与與已打来來去，,。、；;：:！？\s]|$"
_JAPANESE_HONORIFICS = ("さん|様|さま|部長|課長|係長|社長|先生|氏|くん|君|ちゃん|主任|専務|常務|殿|"
                        "教授")
_PERSON_KEYS = ("收件人|收货人|收貨人|寄件人|联系人|聯絡人|姓名|客户|客戶|患者|乘客|申请人|负责人|"
                "名前|氏名|担当者|受取人|이름|성명|고객명|받는 ?분")
_ADDRESS_KEYS = ("收货地址|收件地址|地址|住址|籍贯|籍貫|出生地|住所|配送先|お届け先|所在地|"
                 "주소|배송지")
_VALUE_END = r"(?=[，,、；;。！？!?\s(（)）]|$)"
_NAMES = [re.compile(pattern, re.MULTILINE) for pattern in (
    # "赵总", "王建国先生", "李老师".
    rf"(?P<name>[{_CHINESE_FAMILIES}][{_HAN}]{{0,2}}?)(?:{_CHINESE_TITLES})",
    # "小刘", "老王": a family name made familiar.
    rf"(?<![{_HAN}])(?P<name>[小老阿][{_CHINESE_FAMILIES}])(?![{_HAN}])",
    rf"(?:我叫|我是|本人)(?P<name>[{_CHINESE_FAMILIES}][{_HAN}]{{1,2}}){_VALUE_END}",
    # "高橋さん", "佐藤部長", "鈴木 一郎様".
    rf"(?P<name>(?:{'|'.join(_JAPANESE_FAMILIES)})(?:[ 　]?[{_HAN}]{{1,3}})??)"
    rf"(?:{_JAPANESE_HONORIFICS})",
    rf"(?P<name>(?:{'|'.join(_JAPANESE_FAMILIES)})[ 　][{_HAN}]{{1,3}})(?![{_HAN}])",
    # One of a list: "出席者：佐藤部長、鈴木 一郎、高橋、Maria Santos".
    rf"(?<=[、，：:])(?P<name>{'|'.join(_JAPANESE_FAMILIES)})(?=[、，])",
    rf"(?P<name>[{_HAN}]{{1,4}}(?:[ 　][{_HAN}{_KATAKANA}]{{1,4}})?)と申します",
    # "김민준 씨", "민준님"; "아내 이서연(010-..."; "안녕하세요. 김민준입니다".
    rf"(?<![{_HANGUL}])(?P<name>[{_KOREAN_FAMILIES}][{_HANGUL}]{{2}})[ ]?(?:씨|님)",
    rf"(?:아내|남편|어머니|아버지|엄마|아빠|딸|아들|동생|누나|언니|오빠|형|담당자|고객|환자|보호자|저는)"
    rf"[ ](?P<name>[{_KOREAN_FAMILIES}][{_HANGUL}]{{2}})(?=(?:에게|께|은|는|이|가|의|와|과|도)?"
    rf"(?![{_HANGUL}]))",
    rf"(?:^|[.!?][ ]|안녕하세요[.!,]?[ ])(?P<name>[{_KOREAN_FAMILIES}][{_HANGUL}]{{2}})입니다",
    # A job title after the name, or after the family name alone: "박서연 팀장", "(최 기사)".
    rf"(?<![{_HANGUL}])(?P<name>[{_KOREAN_FAMILIES}](?:[{_HANGUL}]{{2}})?)[ ]?"
    rf"(?:{_KOREAN_TITLES})(?![{_HANGUL}])",
    # Someone's relation or role before a Chinese name: "上门师傅李强说", "妻子陈静也打过电话".
    rf"(?:{_CHINESE_ROLES})(?P<name>[{_CHINESE_FAMILIES}][{_HAN}]{{1,2}}?)(?={_CHINESE_AFTER_NAME})",
    # A key on its own or inside a line: "收件人：王小明，电话：...".
    # A key may say how the value is written: "氏名（カタカナ）：グエン・ティ・ラン".
    rf"(?:{_PERSON_KEYS})(?:[（(][^）)\n]{{1,10}}[）)])?[ ]?[：:][ ]?"
    rf"(?P<name>[{_HAN}{_HANGUL}{_KATAKANA}·・ ]{{2,12}}?){_VALUE_END}",
)]
# A name in Latin letters among these scripts: "Mariaさんから", "出席者：高橋、Maria Santos（マニラ
# 拠点）"; its first word must be a first name.
_LATIN_NAMES = re.compile(rf"(?P<name>(?P<first>[A-Z][a-z]+)(?:[ ][A-Z][a-z]+){{0,2}})"
                          rf"(?:{_JAPANESE_HONORIFICS}|씨|님|(?<=[A-Za-z])(?=[（、，]))")
# A chat's speakers: "张伟：小刘，明天的客户..." on two lines or more.
_SPEAKER = re.compile(rf"^[ \t]*(?P<name>[{_CHINESE_FAMILIES}][{_HAN}]{{1,2}})[：:]", re.MULTILINE)
_MIN_SPEAKER_LINES = 2
# The address may start on the key's next line: "府上地址：\n香港九龍旺角彌敦道688號".
_ADDRESS_KEYED = re.compile(rf"(?:{_ADDRESS_KEYS})[ ]?[：:][ \n]?(?P<place>[^，；;。\n]{{4,60}})")
# A run of an address's characters: Han, katakana, digits, house-number dashes, and a space
# before a building or floor ("梅田3-1-3 ノースゲートビル 14F").
_ADDRESS_RUN = re.compile(rf"[{_HAN}{_KATAKANA}0-9０-９A-Za-z#\-－ー]+"
                          rf"(?:[ 　][{_KATAKANA}0-9０-９A-Za-z][{_HAN}{_KATAKANA}0-9A-Za-z\-]*)*")
_REGION_WORD = re.compile("省|自治区|市|都|府|県|区|县|镇|町|村")
_STREET_WORD = re.compile(r"路|街|巷|弄|号|號|丁目|番地|栋|棟|室|\d[-－]\d")
_MAX_ADDRESS = 60
# The postal mark says what follows is a postcode: "〒150-0002".
_JAPANESE_POSTCODE = re.compile(r"〒[ ]?\d{3}-?\d{4}")
_KOREAN_ADDRESS = re.compile(
    rf"(?:[{_HANGUL}]{{2,}}(?:특별시|광역시|특별자치시|도|시)[ ])?[{_HANGUL}]{{1,5}}(?:구|군|시)[ ]"
    rf"[{_HANGUL}0-9]{{1,10}}(?:로|길|동)[ ]?\d{{1,5}}(?:-\d{{1,5}})?"
    rf"(?:,?[ ]\d{{1,4}}동)?(?:,?[ ]\d{{1,5}}호)?")
# The Chinese words more common than anyone's name: "马上", "小时", "老师" (wordfreq's
# commonest, down to one word in 100,000).
_CHINESE_WORDS = 8600
_SCORE = 0.6


class EastAsianScriptRecognizer(LocalRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON", "LOCATION"],
                         name="EastAsianScriptRecognizer")

    def load(self) -> None:
        self.words = frozenset(commonest_words("zh", _CHINESE_WORDS))

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        if not re.search(f"[{_HAN}{_HANGUL}]", text):
            return []
        found: list[tuple[str, int, int]] = []
        if "PERSON" in entities:
            found += [("PERSON", *span) for span in self._names(text)]
        if "LOCATION" in entities:
            found += [("LOCATION", *span) for span in _addresses(text)]
        return [RecognizerResult(entity, start, end, _SCORE, recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}) for entity, start, end in found]

    def _names(self, text: str) -> list[tuple[int, int]]:
        spans = [match.span("name") for pattern in _NAMES for match in pattern.finditer(text)]
        spans += [match.span("name") for match in _LATIN_NAMES.finditer(text)
                  if is_first_name(match["first"].lower())]
        speakers = [match.span("name") for match in _SPEAKER.finditer(text)]
        if len(speakers) >= _MIN_SPEAKER_LINES:
            spans += speakers
        names = {text[start:end].strip() for start, end in spans}
        names -= self.words
        # A name found once is a name wherever else it is written, and so is a Japanese
        # family name written before a given name ("山田" of "山田 花子").
        names |= {name.split()[0] for name in names if " " in name or "　" in name}
        return [match.span() for name in names if len(name) > 1
                for match in re.finditer(re.escape(name), text)] + [
            (start, end) for start, end in spans if end - start == 1]


def _addresses(text: str) -> list[tuple[int, int]]:
    spans = [match.span("place") for match in _ADDRESS_KEYED.finditer(text)]
    spans += [match.span() for match in _JAPANESE_POSTCODE.finditer(text)]
    spans += [match.span() for match in _KOREAN_ADDRESS.finditer(text)]
    for run in _ADDRESS_RUN.finditer(text):
        words = run.group()
        if len(words) <= _MAX_ADDRESS and any("0" <= char <= "9" or "０" <= char <= "９"
                                              for char in words) \
                and _REGION_WORD.search(words) and _STREET_WORD.search(words):
            spans.append(run.span())
    return spans
