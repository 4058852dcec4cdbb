"""Draw the sample site's illustrative pictures (flat drawings, not photos).

The fictional ward "Phường Hoa Mai" needs a few pictures for its sample posts.
Every picture here is a simple flat illustration drawn with Pillow: nothing is
photographed, every name, number and code in them is invented, and the "QR code"
is a random pattern that no phone can read.

Output is deterministic: the same Pillow version writes the same bytes on every
run (no clock, no unseeded randomness, no EXIF). Pictures are saved as JPEG,
quality 85, 1600x1000, under ``content/images/<year>/<name>.jpg``.

Vietnamese text is drawn only when DejaVu Sans (which has the diacritics) is
installed; without it the pictures are drawn with no text at all.

Usage:  python scripts/draw_sample_images.py [--out CONTENT_IMAGES_DIR]
"""

from __future__ import annotations

import argparse
import calendar
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 1000
# Drawn at twice the size and scaled down, so that edges come out smooth.
SCALE = 2
JPEG_QUALITY = 85

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
HAS_FONT = FONT_REGULAR.is_file() and FONT_BOLD.is_file()

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "content" / "images"

# Colours of the flat style, shared by every picture.
INK = (38, 50, 56)
WHITE = (255, 255, 255)
RED = (196, 40, 40)
DARK_RED = (150, 28, 28)
YELLOW = (255, 214, 79)
BLUE = (33, 102, 172)
LIGHT_BLUE = (187, 222, 251)
SKY = (207, 232, 252)
GREEN = (67, 160, 71)
WOOD = (176, 122, 75)
DARK_WOOD = (135, 90, 52)
BEIGE = (245, 236, 220)
GREY = (158, 158, 158)
LIGHT_GREY = (224, 224, 224)
SKIN = (241, 194, 150)
HAIR = (62, 39, 35)


class Canvas:
    """A drawing surface addressed in 1600x1000 coordinates, drawn at SCALE."""

    def __init__(self, background):
        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), background)
        self.draw = ImageDraw.Draw(self.image)
        self._fonts = {}

    def _s(self, values):
        return [round(v * SCALE) for v in values]

    def rect(self, box, fill, outline=None, width=0, radius=0):
        box = self._s(box)
        if radius:
            self.draw.rounded_rectangle(box, radius * SCALE, fill=fill, outline=outline, width=width * SCALE)
        else:
            self.draw.rectangle(box, fill=fill, outline=outline, width=width * SCALE)

    def ellipse(self, box, fill, outline=None, width=0):
        self.draw.ellipse(self._s(box), fill=fill, outline=outline, width=width * SCALE)

    def circle(self, cx, cy, r, fill, outline=None, width=0):
        self.ellipse((cx - r, cy - r, cx + r, cy + r), fill, outline, width)

    def polygon(self, points, fill, outline=None):
        self.draw.polygon([tuple(self._s(p)) for p in points], fill=fill, outline=outline)

    def line(self, points, fill, width=1):
        self.draw.line([tuple(self._s(p)) for p in points], fill=fill, width=width * SCALE)

    def arc(self, box, start, end, fill, width=1):
        self.draw.arc(self._s(box), start, end, fill=fill, width=width * SCALE)

    def font(self, size, bold=False):
        key = (size, bold)
        if key not in self._fonts:
            path = FONT_BOLD if bold else FONT_REGULAR
            self._fonts[key] = ImageFont.truetype(str(path), size * SCALE)
        return self._fonts[key]

    def text(self, xy, text, size, fill=INK, bold=False, anchor="la"):
        """Write text, or nothing when no font with Vietnamese glyphs is installed."""
        if not HAS_FONT:
            return
        self.draw.text(tuple(self._s(xy)), text, font=self.font(size, bold), fill=fill, anchor=anchor)

    def fit_text(self, xy, text, size, max_width, fill=INK, bold=False, anchor="la"):
        """Write text, shrinking the size until it fits max_width."""
        if not HAS_FONT:
            return
        while size > 8 and self.draw.textlength(text, font=self.font(size, bold)) > max_width * SCALE:
            size -= 1
        self.text(xy, text, size, fill, bold, anchor)

    def finish(self):
        return self.image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)


def person(c, cx, top, shirt, hair=HAIR, scale=1.0, seated=False):
    """A simple flat figure: head, hair, shoulders and body, seen from the front."""
    r = 34 * scale
    c.circle(cx, top + r, r, hair)
    c.ellipse((cx - r * 0.82, top + r * 0.45, cx + r * 0.82, top + r * 2), SKIN)
    body_h = (90 if seated else 140) * scale
    c.rect(
        (cx - 58 * scale, top + 2 * r + 6 * scale, cx + 58 * scale, top + 2 * r + 6 * scale + body_h),
        shirt,
        radius=int(30 * scale),
    )


def person_back(c, cx, top, shirt, hair=HAIR, scale=1.0):
    """A figure seen from behind (audience, people waiting)."""
    r = 32 * scale
    c.circle(cx, top + r, r, hair)
    c.rect(
        (cx - 55 * scale, top + 2 * r + 4 * scale, cx + 55 * scale, top + 2 * r + 110 * scale),
        shirt,
        radius=int(28 * scale),
    )


def draw_one_stop_desk(year):
    """The one-stop counter: three desks, queue display, ticket machine, waiting chairs."""
    c = Canvas(BEIGE)
    c.rect((0, 0, WIDTH, 90), DARK_RED)
    c.fit_text((WIDTH / 2, 45), "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", 44, 1400, fill=YELLOW, bold=True, anchor="mm")
    c.rect((0, 720, WIDTH, HEIGHT), (214, 196, 170))

    # Queue display board.
    c.rect((470, 125, 1330, 335), (28, 28, 28), radius=14)
    c.text((900, 160), "SỐ ĐANG PHỤC VỤ", 30, fill=YELLOW, bold=True, anchor="mm")
    for i, (number, desk) in enumerate((("1025", 1), ("1026", 2), ("1027", 3))):
        y = 210 + i * 42
        c.text((700, y), number, 34, fill=(255, 82, 82), bold=True, anchor="mm")
        c.text((830, y), "→", 34, fill=(255, 82, 82), anchor="mm")
        c.text((1040, y), f"QUẦY {desk}", 34, fill=(105, 240, 174), bold=True, anchor="mm")

    # Three counter windows with clerks at desks 1 and 2.
    for i in range(3):
        x0 = 330 + i * 400
        c.rect((x0, 380, x0 + 360, 700), (236, 244, 250), outline=GREY, width=3)
        if i < 2:
            person(c, x0 + 180, 455, BLUE, scale=0.95, seated=True)
            c.rect((x0 + 40, 560, x0 + 150, 620), INK, radius=6)  # monitor
            c.rect((x0 + 85, 620, x0 + 105, 640), INK)
        c.rect((x0 + 110, 395, x0 + 250, 440), BLUE, radius=8)
        c.text((x0 + 180, 418), f"QUẦY {i + 1}", 24, fill=WHITE, bold=True, anchor="mm")
    c.rect((300, 640, 1530, 735), WOOD, radius=6)
    c.rect((300, 720, 1530, 735), DARK_WOOD)

    # Ticket machine on the left.
    c.rect((60, 330, 250, 860), (69, 90, 100), radius=20)
    c.rect((85, 360, 225, 500), LIGHT_BLUE, radius=8)
    c.text((155, 410), "LẤY SỐ", 26, fill=INK, bold=True, anchor="mm")
    c.text((155, 455), "THỨ TỰ", 22, fill=INK, anchor="mm")
    c.rect((110, 560, 200, 575), INK, radius=4)
    c.rect((125, 575, 185, 640), WHITE, outline=GREY, width=2)
    c.text((155, 608), "1031", 18, fill=INK, bold=True, anchor="mm")

    # Waiting chairs with residents seen from behind.
    shirts = [(239, 108, 0), GREEN, (142, 36, 170), (0, 131, 143), (121, 85, 72)]
    for i in range(6):
        x = 380 + i * 200
        c.rect((x - 80, 880, x + 80, 905), (84, 110, 122), radius=8)
        c.rect((x - 70, 905, x - 60, 980), (84, 110, 122))
        c.rect((x + 60, 905, x + 70, 980), (84, 110, 122))
        if i != 3:
            person_back(c, x, 760, shirts[i % len(shirts)], hair=(HAIR if i % 2 else (120, 120, 120)))
        c.rect((x - 90, 905, x + 90, 935), (96, 125, 139), radius=10)
    return c.finish()


def draw_id_app_phone(year):
    """A phone showing an invented digital-ID app screen (not any real app)."""
    c = Canvas((232, 240, 254))
    c.circle(1250, 520, 330, (200, 216, 245))
    # Phone body and screen.
    c.rect((520, 60, 1000, 960), (33, 33, 33), radius=60)
    c.rect((545, 110, 975, 910), WHITE, radius=24)
    c.rect((700, 78, 820, 92), (66, 66, 66), radius=7)
    c.rect((545, 110, 975, 230), RED, radius=24)
    c.rect((545, 200, 975, 230), RED)
    c.text((945, 128), "09:41", 20, fill=WHITE, bold=True, anchor="ra")
    # Invented app mark: a simple shield with a tick, not any real emblem.
    c.polygon([(585, 160), (635, 150), (685, 160), (680, 200), (635, 222), (590, 200)], YELLOW)
    c.line([(610, 185), (630, 203), (662, 168)], RED, width=7)
    c.text((705, 186), "Định danh số", 32, fill=WHITE, bold=True, anchor="lm")

    # A sample ID card inside the app.
    c.rect((575, 260, 945, 500), (255, 243, 224), outline=(230, 170, 90), width=3, radius=18)
    c.text((760, 290), "THẺ CĂN CƯỚC ĐIỆN TỬ", 21, fill=DARK_RED, bold=True, anchor="mm")
    c.rect((600, 325, 700, 450), LIGHT_GREY, radius=10)
    c.circle(650, 365, 26, GREY)
    c.rect((615, 400, 685, 450), GREY, radius=14)
    c.text((720, 340), "Họ và tên", 16, fill=GREY)
    c.text((720, 362), "NGUYỄN VĂN A", 21, bold=True)
    c.text((720, 400), "Số định danh", 16, fill=GREY)
    c.text((720, 422), "0000 0000 0000", 20)
    c.rect((600, 462, 920, 482), GREEN, radius=10)
    c.text((760, 472), "Tài khoản mức độ 2", 15, fill=WHITE, bold=True, anchor="mm")

    # Grid of function tiles.
    tiles = ["Giấy tờ", "Dịch vụ công", "Cư trú", "Ví giấy tờ", "Thông báo", "Tiện ích"]
    colours = [BLUE, RED, GREEN, (239, 108, 0), (142, 36, 170), (0, 131, 143)]
    for i, (label, colour) in enumerate(zip(tiles, colours, strict=True)):
        col, row = i % 3, i // 3
        x, y = 575 + col * 128, 535 + row * 165
        c.rect((x, y, x + 110, y + 110), (245, 245, 245), radius=20)
        c.rect((x + 30, y + 22, x + 80, y + 72), colour, radius=12)
        c.text((x + 55, y + 132), label, 16, anchor="mm")
    c.rect((545, 860, 975, 910), (245, 245, 245), radius=24)
    c.rect((710, 880, 810, 888), GREY, radius=4)

    # Callouts on the right.
    for i, label in enumerate(("Đăng nhập dịch vụ công", "Tích hợp giấy tờ", "Tra cứu hồ sơ")):
        y = 300 + i * 150
        c.circle(1105, y, 34, GREEN)
        c.line([(1088, y + 2), (1101, y + 15), (1124, y - 12)], WHITE, width=7)
        c.text((1160, y), label, 30, bold=True, anchor="lm")
    c.text((200, 930), "Giao diện minh họa", 22, fill=GREY, anchor="mm")
    return c.finish()


# Share of applications filed online, by month, July 2025 to March 2026 (March
# counted to 25/3): the invented figures of the Q1/2026 post.
CHART_DATA = {
    2026: {
        "title": "Tỷ lệ hồ sơ nộp trực tuyến theo tháng (%)",
        "labels": ["T7/25", "T8/25", "T9/25", "T10/25", "T11/25", "T12/25", "T1/26", "T2/26", "T3/26*"],
        "values": [57, 63, 69, 74, 78, 79, 80, 77, 84],
        "axis_max": 100,
        "step": 10,
        "suffix": "%",
        "note": "* Tháng 3/2026: số liệu đến ngày 25/3. Số liệu minh họa.",
    },
}


def draw_online_chart(year):
    """A bar chart of online applications by month."""
    data = CHART_DATA[year]
    c = Canvas(WHITE)
    c.text((WIDTH / 2, 70), data["title"], 46, bold=True, anchor="mm")
    c.text((WIDTH / 2, 125), "Phường Hoa Mai", 28, fill=GREY, anchor="mm")
    left, right, top, bottom = 170, 1530, 190, 830
    top_value = data["axis_max"]
    for v in range(0, top_value + 1, data["step"]):
        y = bottom - (bottom - top) * v / top_value
        c.line([(left, y), (right, y)], LIGHT_GREY, width=2)
        c.text((left - 20, y), f"{v}{data['suffix']}", 22, fill=GREY, anchor="rm")
    c.line([(left, top), (left, bottom)], INK, width=3)
    c.line([(left, bottom), (right, bottom)], INK, width=3)
    n = len(data["values"])
    slot = (right - left) / n
    for i, (label, value) in enumerate(zip(data["labels"], data["values"], strict=True)):
        x0 = left + slot * i + slot * 0.18
        x1 = left + slot * (i + 1) - slot * 0.18
        y = bottom - (bottom - top) * value / top_value
        partial = label.endswith("*")
        c.rect((x0, y, x1, bottom), LIGHT_BLUE if partial else BLUE, outline=BLUE, width=3 if partial else 0)
        if partial:
            # Diagonal hatching: the partial month differs by pattern, not colour alone.
            k = x0 - (bottom - y)
            while k < x1:
                p0 = (max(x0, k), bottom - (max(x0, k) - k))
                p1 = (min(x1, k + (bottom - y)), bottom - (min(x1, k + (bottom - y)) - k))
                c.line([p0, p1], BLUE, width=2)
                k += 22
        c.text(((x0 + x1) / 2, y - 22), f"{value}{data['suffix']}", 26, bold=True, anchor="mm")
        c.text(((x0 + x1) / 2, bottom + 32), label, 24, anchor="mm")
    c.text((left, 930), data["note"], 24, fill=GREY)
    return c.finish()


def draw_meeting_hall(year):
    """A meeting hall: banner, presidium table, podium and rows of chairs."""
    c = Canvas((250, 240, 228))
    c.rect((0, 0, WIDTH, 470), (183, 28, 28))
    for x in range(0, WIDTH, 80):  # curtain folds
        c.rect((x, 0, x + 14, 470), (160, 22, 22))
    c.rect((230, 50, 1370, 190), DARK_RED, outline=YELLOW, width=4)
    c.fit_text((WIDTH / 2, 100), "HỘI NGHỊ ĐỐI THOẠI", 50, 1080, fill=YELLOW, bold=True, anchor="mm")
    c.fit_text((WIDTH / 2, 155), "VỀ CẢI CÁCH HÀNH CHÍNH", 40, 1080, fill=YELLOW, bold=True, anchor="mm")
    c.rect((0, 440, WIDTH, 500), DARK_WOOD)  # stage front
    # Presidium table with cloth, flowers and podium.
    for x in (520, 660, 800, 940, 1080):
        person(c, x, 270, (55, 71, 79), scale=0.7, seated=True)
    c.rect((440, 360, 1160, 450), (46, 125, 50), radius=8)
    c.rect((440, 360, 1160, 380), WHITE)
    for x in (470, 1130):
        c.circle(x, 345, 26, (244, 143, 177))
        c.circle(x - 18, 355, 18, (236, 64, 122))
        c.circle(x + 18, 355, 18, (255, 202, 40))
    c.polygon([(1260, 300), (1360, 300), (1345, 450), (1275, 450)], WOOD)
    c.rect((1250, 290, 1370, 310), DARK_WOOD)
    # Rows of chairs, wider towards the viewer.
    for row in range(5):
        y = 540 + row * 92
        size = 0.62 + row * 0.1
        count = 8
        span = 1000 + row * 130
        start = (WIDTH - span) / 2
        for i in range(count):
            x = start + span * (i + 0.5) / count
            w, h = 62 * size, 78 * size
            c.rect((x - w, y, x + w, y + h), (30, 136, 229), radius=int(14 * size))
            c.rect((x - w * 0.9, y + h * 0.75, x + w * 0.9, y + h * 1.05), (21, 101, 192), radius=int(10 * size))
    return c.finish()


def fake_qr(c, x0, y0, size, seed):
    """A QR-looking pattern of random modules: it encodes nothing and cannot be scanned."""
    rng = random.Random(seed)
    n = 25
    m = size / n
    c.rect((x0 - m, y0 - m, x0 + size + m, y0 + size + m), WHITE)
    for row in range(n):
        for col in range(n):
            in_finder = any(
                row - r0 in range(8) and col - c0 in range(8) for r0, c0 in ((0, 0), (0, n - 8), (n - 8, 0))
            )
            if not in_finder and rng.random() < 0.48:
                c.rect((x0 + col * m, y0 + row * m, x0 + (col + 1) * m, y0 + (row + 1) * m), INK)
    for r0, c0 in ((0, 0), (0, n - 7), (n - 7, 0)):
        fx, fy = x0 + c0 * m, y0 + r0 * m
        c.rect((fx, fy, fx + 7 * m, fy + 7 * m), INK)
        c.rect((fx + m, fy + m, fx + 6 * m, fy + 6 * m), WHITE)
        c.rect((fx + 2 * m, fy + 2 * m, fx + 5 * m, fy + 5 * m), INK)


def draw_qr_payment_card(year):
    """A payment card with a drawn (fake) QR pattern standing on a counter, and a phone."""
    c = Canvas((225, 238, 245))
    c.rect((0, 780, WIDTH, HEIGHT), WOOD)
    c.rect((0, 780, WIDTH, 800), DARK_WOOD)
    # Stand and card.
    c.polygon([(430, 800), (1010, 800), (960, 760), (480, 760)], (96, 125, 139))
    c.rect((420, 70, 1020, 780), WHITE, outline=BLUE, width=10, radius=30)
    c.rect((420, 70, 1020, 190), BLUE, radius=30)
    c.rect((420, 150, 1020, 190), BLUE)
    c.fit_text((720, 130), "QUÉT MÃ ĐỂ NỘP PHÍ, LỆ PHÍ", 34, 560, fill=WHITE, bold=True, anchor="mm")
    fake_qr(c, 535, 235, 370, seed=f"qr-{year}")
    c.fit_text((720, 660), "Trung tâm Phục vụ hành chính công", 28, 560, bold=True, anchor="mm")
    c.fit_text((720, 700), "phường Hoa Mai", 28, 560, bold=True, anchor="mm")
    c.text((720, 745), "Mã minh họa", 20, fill=GREY, anchor="mm")
    # Phone on the right with a scanning frame.
    c.rect((1140, 260, 1440, 860), (33, 33, 33), radius=40)
    c.rect((1160, 300, 1420, 820), (55, 71, 79), radius=18)
    fake_qr(c, 1220, 440, 140, seed=f"qr-{year}")
    for x, y, dx, dy in ((1195, 405, 1, 1), (1385, 405, -1, 1), (1195, 615, 1, -1), (1385, 615, -1, -1)):
        c.line([(x, y + 50 * dy), (x, y), (x + 50 * dx, y)], (105, 240, 174), width=6)
    c.text((1290, 350), "Quét mã", 24, fill=WHITE, bold=True, anchor="mm")
    c.text((1290, 690), "Kiểm tra đơn vị nhận", 18, fill=WHITE, anchor="mm")
    c.text((1290, 718), "trước khi xác nhận", 18, fill=WHITE, anchor="mm")
    # A coin-free hint: a small receipt on the counter at the left.
    c.rect((110, 660, 330, 900), WHITE, outline=LIGHT_GREY, width=2, radius=6)
    for i in range(6):
        c.rect((135, 690 + i * 30, 305 - (i % 3) * 40, 702 + i * 30), LIGHT_GREY, radius=4)
    return c.finish()


def draw_digitised_records(year):
    """A folder of paper records turning into digital files on a screen."""
    c = Canvas((240, 244, 248))
    c.text((380, 120), "Hồ sơ giấy", 40, bold=True, anchor="mm")
    c.text((1150, 120), "Dữ liệu số", 40, bold=True, anchor="mm")
    # Open folder with sheets.
    c.polygon([(110, 300), (250, 300), (280, 330), (650, 330), (650, 800), (110, 800)], (215, 160, 80))
    for i in range(4):
        x = 160 + i * 22
        y = 250 + i * 18
        c.rect((x, y, x + 380, y + 470), WHITE, outline=LIGHT_GREY, width=2)
        for k in range(8):
            c.rect((x + 40, y + 60 + k * 45, x + 340 - (k % 3) * 60, y + 74 + k * 45), LIGHT_GREY, radius=4)
    c.polygon([(90, 470), (670, 470), (640, 840), (120, 840)], (230, 180, 100))
    c.rect((300, 600, 460, 640), (190, 130, 60), radius=8)
    # Arrow.
    c.rect((700, 520, 830, 560), GREEN)
    c.polygon([(830, 490), (900, 540), (830, 590)], GREEN)
    # Monitor with a grid of document thumbnails.
    c.rect((930, 210, 1500, 690), INK, radius=20)
    c.rect((955, 235, 1475, 665), WHITE, radius=8)
    for i in range(8):
        col, row = i % 4, i // 4
        x, y = 985 + col * 122, 270 + row * 190
        c.rect((x, y, x + 92, y + 120), (232, 240, 254), outline=BLUE, width=2, radius=6)
        c.rect((x + 14, y + 20, x + 78, y + 28), BLUE)
        for k in range(4):
            c.rect((x + 14, y + 44 + k * 16, x + 78 - (k % 2) * 20, y + 50 + k * 16), LIGHT_GREY)
        c.text((x + 46, y + 148), f"HS-{i + 1:03d}.pdf", 15, fill=GREY, anchor="mm")
    c.rect((1170, 690, 1260, 780), (84, 110, 122))
    c.rect((1080, 780, 1350, 810), (84, 110, 122), radius=8)
    # Backup: a small database drum.
    c.rect((1380, 760, 1520, 880), BLUE)
    c.ellipse((1380, 735, 1520, 785), LIGHT_BLUE, outline=BLUE, width=4)
    c.ellipse((1380, 855, 1520, 905), BLUE)
    c.text((1450, 940), "Sao lưu", 24, fill=GREY, anchor="mm")
    return c.finish()


def draw_loudspeaker_pole(year):
    """Loudspeakers of the ward radio on a pole above the rooftops."""
    c = Canvas(SKY)
    for cx, cy, r in ((260, 170, 60), (330, 150, 75), (400, 180, 55), (1250, 120, 50), (1310, 105, 65)):
        c.circle(cx, cy, r, WHITE)
    # Rooftops.
    roofs = [(0, 300, 720), (280, 260, 660), (560, 320, 740), (900, 300, 700), (1220, 360, 760)]
    for x, w, top in roofs:
        c.rect((x, top + 60, x + w, HEIGHT), (255, 224, 178))
        c.polygon([(x - 20, top + 70), (x + w / 2, top), (x + w + 20, top + 70)], (216, 67, 21))
        for k in range(2):
            wx = x + 50 + k * (w - 140)
            c.rect((wx, top + 130, wx + 80, top + 210), LIGHT_BLUE, outline=WHITE, width=4)
    c.circle(1480, 690, 110, (56, 142, 60))
    c.rect((1465, 760, 1495, 1000), DARK_WOOD)
    # Pole and cross-arm.
    c.rect((775, 250, 825, HEIGHT), (176, 190, 197))
    c.rect((620, 300, 980, 325), (120, 144, 156))
    # Horn loudspeakers pointing left and right.
    for side in (-1, 1):
        bx = 800 + side * 150
        mouth = bx + side * 170
        c.polygon([(bx, 290), (bx, 335), (mouth, 400), (mouth, 225)], (207, 216, 220))
        c.ellipse((mouth - 22, 225, mouth + 22, 400), (144, 164, 174))
        c.rect((bx - 30, 285, bx + 30, 340), (96, 125, 139), radius=10)
        for k in range(3):
            r = 70 + k * 55
            start, end = (150, 210) if side < 0 else (-30, 30)
            c.arc((mouth - r, 312 - r, mouth + r, 312 + r), start, end, BLUE, width=8)
    # A third speaker facing the viewer.
    c.circle(800, 440, 70, (207, 216, 220))
    c.circle(800, 440, 42, (144, 164, 174))
    c.circle(800, 440, 14, (96, 125, 139))
    return c.finish()


# The dialogue day circled on the calendar, per year (invented dates of the posts).
DIALOGUE_DAYS = {2024: (6, 28), 2026: (6, 16)}


def draw_dialogue_calendar(year):
    """A wall calendar page with the dialogue day circled, and two speech bubbles."""
    month, day = DIALOGUE_DAYS[year]
    c = Canvas((236, 239, 241))
    c.rect((140, 90, 1010, 930), WHITE, radius=16)
    c.rect((140, 90, 1010, 230), RED, radius=16)
    c.rect((140, 200, 1010, 230), RED)
    for x in (300, 850):
        c.rect((x - 12, 60, x + 12, 130), (84, 110, 122), radius=10)
    c.text((575, 162), f"THÁNG {month} / {year}", 52, fill=WHITE, bold=True, anchor="mm")
    names = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]
    cell_w, cell_h = 118, 108
    x0, y0 = 165, 250
    for i, name in enumerate(names):
        c.text(
            (x0 + cell_w * i + cell_w / 2, y0 + 25), name, 26, bold=True, fill=RED if name == "CN" else INK, anchor="mm"
        )
    weeks = calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
    for r, week in enumerate(weeks):
        for col, d in enumerate(week):
            if not d:
                continue
            cx = x0 + cell_w * col + cell_w / 2
            cy = y0 + 95 + r * cell_h
            if d == day:
                c.circle(cx, cy, 46, None, outline=RED, width=7)
            c.text((cx, cy), str(d), 34, bold=d == day, fill=RED if col == 6 else INK, anchor="mm")
    # Label of the marked day, beside the calendar.
    c.rect((1060, 130, 1500, 320), YELLOW, radius=20)
    c.polygon([(1060, 250), (1000, 300), (1080, 290)], YELLOW)
    c.text((1280, 190), "Đối thoại với", 36, bold=True, anchor="mm")
    c.text((1280, 255), "người dân", 36, bold=True, anchor="mm")
    # Two people talking.
    person(c, 1160, 560, BLUE, scale=1.1)
    person(c, 1400, 560, GREEN, hair=(120, 120, 120), scale=1.1)
    c.rect((1040, 400, 1210, 500), WHITE, radius=30)
    c.polygon([(1120, 500), (1150, 540), (1160, 500)], WHITE)
    c.rect((1350, 400, 1520, 500), LIGHT_BLUE, radius=30)
    c.polygon([(1420, 500), (1400, 540), (1450, 500)], LIGHT_BLUE)
    for k in range(3):
        c.circle(1090 + k * 35, 450, 10, GREY)
        c.circle(1400 + k * 35, 450, 10, BLUE)
    return c.finish()


PICTURES = {
    "quay-mot-cua": draw_one_stop_desk,
    "ung-dung-dinh-danh": draw_id_app_phone,
    "bieu-do-ho-so-truc-tuyen": draw_online_chart,
    "hoi-truong-hoi-nghi": draw_meeting_hall,
    "the-thanh-toan-qr": draw_qr_payment_card,
    "ho-so-so-hoa": draw_digitised_records,
    "loa-truyen-thanh": draw_loudspeaker_pole,
    "lich-doi-thoai": draw_dialogue_calendar,
}

# Which pictures each year's posts use (folder content/images/<year>/).
EDITIONS = {
    2024: ["lich-doi-thoai", "ho-so-so-hoa"],
    2025: ["quay-mot-cua", "ung-dung-dinh-danh"],
    2026: list(PICTURES),
}


def save(image, path):
    """Save as baseline JPEG with no metadata, so output depends only on the pixels."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=JPEG_QUALITY, optimize=True)


def main():
    """Draw every picture of every edition."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="content images folder (default: content/images)")
    args = parser.parse_args()
    if not HAS_FONT:
        print("DejaVu Sans not found: drawing the pictures without text.")
    for year, names in EDITIONS.items():
        for name in names:
            path = args.out / str(year) / f"{name}.jpg"
            save(PICTURES[name](year), path)
            print(path)


if __name__ == "__main__":
    main()
