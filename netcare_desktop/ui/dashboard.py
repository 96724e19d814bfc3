"""The dashboard: the network's health at a glance, every number with how it is computed.

Drawn with QPainter (no QtCharts: a few bars do not justify its 10+ MB), in the
palette's colours so it reads in light and dark themes; exportable as PNG.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from netcare_desktop.core.cadence import Health
from netcare_desktop.core.health import SCORE_RULE, NetworkHealth, explain_score, weight
from netcare_desktop.ui.contact_model import HEALTH_COLOURS
from netcare_desktop.ui.formatting import number_text, plain_tooltip, plural
from netcare_desktop.ui.widgets import heading

_ON_TRACK = QColor(60, 160, 90)
_STATE_ORDER = (
    ("on_track", "on track", _ON_TRACK),
    ("due_soon", "due soon", HEALTH_COLOURS[Health.DUE_SOON]),
    ("due", "due", HEALTH_COLOURS[Health.DUE]),
    ("overdue", "overdue", HEALTH_COLOURS[Health.OVERDUE]),
    ("lapsed", "lapsed", HEALTH_COLOURS[Health.LAPSED]),
)

HELP = (
    "How each number is computed\n\n"
    f"Health score: {SCORE_RULE}\n\n"
    "Circles: the people in each circle now, against a guide for how many a circle can hold "
    "and still be cared for (Inner 15, Active 50, Acquaintance 150, after Dunbar's layers); the "
    "bar splits them by state: on track, due soon (the last 20 % of the cadence), due (a grace of "
    "10 % of the cadence, at most a week), overdue, lapsed (twice the cadence without a touch).\n\n"
    "Touches: interactions logged in the last 30, 90 and 365 days. The chart counts them per "
    "week over the last 52 weeks, by the local day they happened, oldest on the left.\n\n"
    "Give and ask: all the interactions you logged as giving (congratulations, articles, "
    "introductions, favours done…) against those logged as asking (favours asked). Mutual ones "
    "(calls, coffee, meetings) count for neither.\n\n"
    "Overdue and lapsed: people in circles past their due date (overdue), or past twice their "
    "cadence (lapsed). The Due view lists them; Review walks through the lapsed ones."
)


def _text_colour(widget: QWidget) -> QColor:
    return widget.palette().color(QPalette.ColorRole.WindowText)


def _readable(colour: QColor, widget: QWidget) -> QColor:
    base = widget.palette().color(QPalette.ColorRole.Window)
    return colour.lighter(140) if base.lightness() < 128 else colour


class ScoreRing(QWidget):
    """The score as a number in a ring that fills to it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.value = 0
        self.setMinimumSize(150, 150)
        self.setAccessibleName("Health score")

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(160, 160)

    def set_value(self, value: int) -> None:
        self.value = max(0, min(100, value))
        self.setAccessibleDescription(f"{self.value} out of 100")
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) - 16
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        track = QColor(_text_colour(self))
        track.setAlpha(40)
        p.setPen(QPen(track, 12))
        p.drawEllipse(rect)
        colour = (
            _ON_TRACK
            if self.value >= 70
            else (
                HEALTH_COLOURS[Health.DUE] if self.value >= 40 else HEALTH_COLOURS[Health.OVERDUE]
            )
        )
        pen = QPen(_readable(colour, self), 12)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawArc(rect, 90 * 16, -int(self.value * 3.6 * 16))
        p.setPen(_text_colour(self))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 2.6)
        font.setBold(True)
        p.setFont(font)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(self.value))
        small = QFont(self.font())
        p.setFont(small)
        p.drawText(rect.adjusted(0, side * 0.42, 0, 0), Qt.AlignmentFlag.AlignCenter, "of 100")
        p.end()


class StackedBar(QWidget):
    """One circle: its members split by state, against the circle's guide."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.parts: list[tuple[int, QColor]] = []
        self.capacity = 1
        self.guide: int | None = None
        self.setMinimumHeight(18)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_parts(self, parts: list[tuple[int, QColor]], capacity: int, guide: int | None):
        self.parts, self.capacity, self.guide = parts, max(1, capacity), guide
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        w, h = self.width() - 2, self.height() - 4
        x = 1.0
        frame = QColor(_text_colour(self))
        frame.setAlpha(60)
        p.setPen(Qt.PenStyle.NoPen)
        for n, colour in self.parts:
            width = w * n / self.capacity
            p.fillRect(QRectF(x, 2, width, h), _readable(colour, self))
            x += width
        p.setPen(QPen(frame, 1))
        p.drawRect(QRectF(1, 2, max(x - 1, 0), h))
        if self.guide:
            gx = 1 + w * self.guide / self.capacity
            p.setPen(QPen(_text_colour(self), 2, Qt.PenStyle.DashLine))
            p.drawLine(int(gx), 0, int(gx), self.height())
        p.end()


class WeeklyChart(QWidget):
    """Touches per week over the last year."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.values: list[int] = []
        self.setMinimumHeight(150)
        self.setAccessibleName("Touches per week over the last year")

    def set_values(self, values: list[int]) -> None:
        self.values = list(values)
        total = sum(self.values)
        busiest = max(self.values) if self.values else 0
        self.setAccessibleDescription(
            f"{plural(total, 'touch', 'touches')} in 52 weeks; busiest week {number_text(busiest)}"
        )
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = _text_colour(self)
        fm = self.fontMetrics()
        bottom = self.height() - fm.height() - 4
        top = fm.height() + 4
        left, right = fm.horizontalAdvance("00000") + 6, self.width() - 4
        peak = max(self.values) if self.values and max(self.values) > 0 else 1
        axis = QColor(text)
        axis.setAlpha(90)
        p.setPen(QPen(axis, 1))
        p.drawLine(left, bottom, right, bottom)
        p.setPen(text)
        p.drawText(0, top, left - 4, fm.height(), Qt.AlignmentFlag.AlignRight, number_text(peak))
        p.drawText(0, bottom - fm.height(), left - 4, fm.height(), Qt.AlignmentFlag.AlignRight, "0")
        p.drawText(left, bottom + 2, 200, fm.height(), Qt.AlignmentFlag.AlignLeft, "a year ago")
        p.drawText(
            right - 200, bottom + 2, 200, fm.height(), Qt.AlignmentFlag.AlignRight, "this week"
        )
        n = len(self.values)
        if n:
            slot = (right - left) / n
            bar = self.palette().color(QPalette.ColorRole.Highlight)
            for i, v in enumerate(self.values):
                height = (bottom - top) * v / peak
                p.fillRect(
                    QRectF(left + i * slot + 1, bottom - height, max(slot - 2, 1), height), bar
                )
        p.end()


def _tile(title: str, tip: str) -> tuple[QFrame, QLabel]:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setToolTip(plain_tooltip(tip))
    value = QLabel("0")
    value.setTextFormat(Qt.TextFormat.PlainText)
    font = QFont(value.font())
    font.setPointSizeF(font.pointSizeF() * 1.8)
    font.setBold(True)
    value.setFont(font)
    value.setAccessibleName(title)
    caption = QLabel(title)  # short, on one line: a wrapped label in this grid was squashed
    box = QVBoxLayout(frame)
    box.addWidget(value)
    box.addWidget(caption)
    return frame, value


class Dashboard(QWidget):
    """The health of the network; ``show_health`` fills it from a NetworkHealth."""

    exportRequested = Signal()
    reviewRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Network health")
        self.health: NetworkHealth | None = None
        self.page = QWidget()
        self.page.setAutoFillBackground(True)
        self.page.setAccessibleName("Dashboard")

        title = heading("Network health")
        self.ring = ScoreRing()
        self.score_text = QLabel()
        self.score_text.setWordWrap(True)
        self.score_text.setTextFormat(Qt.TextFormat.PlainText)
        self.score_text.setAccessibleName("How the score is made")

        tiles = QGridLayout()
        self.tiles: dict[str, QLabel] = {}
        for i, (key, label, tip) in enumerate(
            (
                ("t30", "touches in 30 days", "Interactions logged in the last 30 days."),
                ("t90", "touches in 90 days", "Interactions logged in the last 90 days."),
                ("t365", "touches in a year", "Interactions logged in the last 365 days."),
                ("overdue", "overdue", "People in circles past their due date (and its grace)."),
                ("lapsed", "lapsed", "People in circles twice their cadence without a touch."),
                (
                    "balance",
                    "gave / asked",
                    "All-time interactions logged as giving, against those logged as asking."
                    " Mutual ones count for neither.",
                ),
            )
        ):
            frame, value = _tile(label, tip)
            self.tiles[key] = value
            tiles.addWidget(frame, i // 3, i % 3)

        top = QHBoxLayout()
        top.addWidget(self.ring)
        top.addLayout(tiles, 1)  # the score's words go under: wrapped text beside the
        # tiles made the layout guess their height too low at small sizes (squashed tiles)

        self.circles_box = QGridLayout()
        self.circles_box.setColumnStretch(2, 1)
        circles = QFrame()
        circles.setFrameShape(QFrame.Shape.StyledPanel)
        circles_layout = QVBoxLayout(circles)
        circles_title = QLabel("Circles: quality over quantity (the dashed line is the guide)")
        circles_title.setWordWrap(True)
        circles_layout.addWidget(circles_title)
        circles_layout.addLayout(self.circles_box)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self._paint_legend()
        circles_layout.addWidget(self.legend)

        self.chart = WeeklyChart()
        self.chart.setToolTip(
            plain_tooltip(
                "Touches per week over the last 52 weeks, by the day they happened (local time)."
            )
        )
        chart_label = QLabel("Touches per week, last 12 months")

        self.help = QLabel(HELP)
        self.help.setWordWrap(True)
        self.help.setTextFormat(Qt.TextFormat.PlainText)
        self.help.setAccessibleName("How each number is computed")
        self.help.setVisible(False)

        page = QVBoxLayout(self.page)
        page.addWidget(title)
        page.addLayout(top)
        page.addWidget(self.score_text)
        page.addWidget(circles)
        page.addWidget(chart_label)
        page.addWidget(self.chart)
        page.addWidget(self.help)
        page.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.page)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.help_button = QPushButton("Ho&w Is This Computed?")
        self.help_button.setCheckable(True)
        self.help_button.setAccessibleName("How is this computed")
        self.help_button.toggled.connect(self.help.setVisible)
        self.review_button = QPushButton("&Review Lapsed…")
        self.review_button.setAccessibleName("Review lapsed contacts")
        self.review_button.clicked.connect(self.reviewRequested.emit)
        self.export_button = QPushButton("E&xport PNG…")
        self.export_button.setAccessibleName("Export the dashboard as PNG")
        self.export_button.clicked.connect(self.exportRequested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.help_button)
        buttons.addWidget(self.review_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def _paint_legend(self) -> None:
        """App text, not user data: a coloured legend in rich text is safe here."""
        self.legend.setText(
            "&nbsp;&nbsp;".join(
                f'<span style="color:{_readable(colour, self).name()}">■</span> {label}'
                for _k, label, colour in _STATE_ORDER
            )
        )

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Light or dark: the legend's colours follow the palette (the bars paint with it)."""
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._paint_legend()
        super().changeEvent(event)

    def show_health(self, h: NetworkHealth) -> None:
        self.health = h
        self.ring.set_value(h.score)
        lines = explain_score(h.circles)
        self.score_text.setText(
            f"Health {h.score}/100: "
            + ("; ".join(lines) if lines else "put people in circles to see how they are doing")
            + f". {plural(h.contacts, 'contact')}, {number_text(h.without_circle)} without a"
            " circle."
        )
        self.ring.setToolTip(plain_tooltip(SCORE_RULE + "\n\n" + "\n".join(lines)))
        self.tiles["t30"].setText(number_text(h.touches.get("30", 0)))
        self.tiles["t90"].setText(number_text(h.touches.get("90", 0)))
        self.tiles["t365"].setText(number_text(h.touches.get("365", 0)))
        self.tiles["overdue"].setText(number_text(h.overdue))
        self.tiles["lapsed"].setText(number_text(h.lapsed))
        self.tiles["balance"].setText(f"{number_text(h.gave)} / {number_text(h.asked)}")
        self.review_button.setEnabled(h.lapsed > 0)
        self._fill_circles(h)
        self.chart.set_values(h.weekly)

    def _fill_circles(self, h: NetworkHealth) -> None:
        while self.circles_box.count():
            item = self.circles_box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        capacity = max([c.members for c in h.circles] + [c.guide or 0 for c in h.circles] + [1])
        for row, c in enumerate(h.circles):
            name = QLabel(c.name)
            name.setTextFormat(Qt.TextFormat.PlainText)
            guide = f" / {number_text(c.guide)}" if c.guide else ""
            size = QLabel(f"{number_text(c.members)}{guide}")
            size.setAccessibleName(f"{c.name} size")
            if c.over_guide:
                size.setText(f"{number_text(c.members)}{guide} — more than the guide")
            bar = StackedBar()
            parts = [(getattr(c, key), colour) for key, _label, colour in _STATE_ORDER]
            no_state = c.members - c.with_state
            if no_state > 0:
                grey = QColor(_text_colour(self))
                grey.setAlpha(70)
                parts.append((no_state, grey))
            bar.set_parts(parts, capacity, c.guide)
            detail = ", ".join(
                f"{number_text(getattr(c, key))} {label}"
                for key, label, _c in _STATE_ORDER
                if getattr(c, key)
            )
            cadence = f"every {plural(c.cadence_days, 'day')}" if c.cadence_days else "no reminders"
            tip = (
                f"{c.name}: {plural(c.members, 'person', 'people')} ({cadence}"
                + (f"; guide {number_text(c.guide)}" if c.guide else "")
                + (f"; weight {weight(c.cadence_days):g} in the score" if c.cadence_days else "")
                + ")"
                + (f"\n{detail}" if detail else "")
            )
            for w in (name, size, bar):
                w.setToolTip(plain_tooltip(tip))
            self.circles_box.addWidget(name, row, 0)
            self.circles_box.addWidget(size, row, 1)
            self.circles_box.addWidget(bar, row, 2)

    def export_png(self, path: str) -> bool:
        return self.page.grab().save(path, "PNG")
