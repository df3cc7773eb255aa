#include "ui/triage/alert_card_delegate.h"

#include "ui/qt_text.h"
#include "ui/severity_palette.h"
#include "ui/triage/triage_lane_model.h"

#include <QPainter>
#include <QPainterPath>
#include <QTextLayout>

namespace cordon::ui {
namespace {

constexpr int kMargin = 4;    // between cards and to the lane's edges
constexpr int kPadding = 8;   // inside a card
constexpr int kStripe = 5;    // the severity stripe on the left

/// Lays `text` out over at most `maxLines` lines of `rect`, the last one elided.
void drawWrapped(QPainter *painter, const QRect &rect, const QString &text, int maxLines)
{
    const QFontMetrics fm(painter->font());
    QTextLayout layout(text, painter->font());
    layout.beginLayout();
    int y = rect.top();
    for (int n = 0; n < maxLines; ++n) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(rect.width());
        const bool last = n == maxLines - 1;
        const QString piece = last ? fm.elidedText(text.mid(line.textStart()), Qt::ElideRight, rect.width())
                                   : text.mid(line.textStart(), line.textLength());
        painter->drawText(QRect(rect.left(), y, rect.width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter, piece);
        y += fm.height();
    }
    layout.endLayout();
}

} // namespace

QSize AlertCardDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const int line = option.fontMetrics.height();
    // Title, two lines of criteria, footer.
    return {220, 2 * kMargin + 2 * kPadding + 4 * line + 6};
}

void AlertCardDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = option.palette;
    const QRect card = option.rect.adjusted(kMargin, kMargin, -kMargin, -kMargin);
    const bool selected = option.state & QStyle::State_Selected;
    const auto severity = static_cast<core::Severity>(index.data(TriageLaneModel::SeverityRole).toInt());
    const SeverityColors sev = severityColors(severity, pal);

    QPainterPath outline;
    outline.addRoundedRect(QRectF(card).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    QColor fill = pal.color(QPalette::Base);
    if (selected) {
        QColor tint = pal.color(QPalette::Highlight);
        tint.setAlpha(isDarkPalette(pal) ? 90 : 45);
        painter->fillPath(outline, fill);
        fill = tint;
    }
    painter->fillPath(outline, fill);
    painter->setPen(QPen(selected ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid), selected ? 2 : 1));
    painter->drawPath(outline);
    // The stripe, clipped to the card's rounded corners.
    painter->save();
    painter->setClipPath(outline);
    painter->fillRect(QRect(card.left(), card.top(), kStripe, card.height()), sev.background);
    painter->restore();

    const QRect inner = card.adjusted(kStripe + kPadding, kPadding, -kPadding, -kPadding);
    QFont base = option.font;
    const QFontMetrics fm(base);
    const int line = fm.height();
    int y = inner.top();

    // Badge, title and countdown on the first line.
    QFont small = base;
    small.setPointSizeF(base.pointSizeF() * 0.85);
    small.setBold(true);
    const QString sevText = qstr(core::toString(severity)).toUpper();
    const QFontMetrics smallFm(small);
    const QRect badge(inner.left(), y + 1, smallFm.horizontalAdvance(sevText) + 10, line - 2);
    painter->setPen(Qt::NoPen);
    painter->setBrush(sev.background);
    painter->drawRoundedRect(badge, 3, 3);
    painter->setFont(small);
    painter->setPen(sev.foreground);
    painter->drawText(badge, Qt::AlignCenter, sevText);

    QFont bold = base;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(pal.color(QPalette::Text));
    const int titleLeft = badge.right() + 8;
    const QRect titleRect(titleLeft, y, inner.right() - titleLeft, line);
    painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(bold).elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, titleRect.width()));
    y += line + 3;

    // Why it fired.
    painter->setFont(base);
    drawWrapped(painter, QRect(inner.left(), y, inner.width(), 2 * line), index.data(TriageLaneModel::CriteriaRole).toString(), 2);
    y += 2 * line + 3;

    // The countdown first in the footer (it is what is urgent), then who and how much.
    const auto sla = static_cast<SlaState>(index.data(TriageLaneModel::SlaStateRole).toInt());
    const QString slaLabel = index.data(TriageLaneModel::SlaTextRole).toString();
    int x = inner.left();
    if (!slaLabel.isEmpty()) {
        QFont slaFont = base;
        slaFont.setBold(sla == SlaState::Breached || sla == SlaState::Short);
        const QColor slaInk = slaColor(sla, pal);
        painter->setFont(slaFont);
        painter->setPen(slaInk.isValid() ? slaInk : pal.color(QPalette::Text));
        const QString text = QFontMetrics(slaFont).elidedText(slaLabel, Qt::ElideRight, inner.width());
        painter->drawText(QRect(x, y, inner.width(), line), Qt::AlignLeft | Qt::AlignVCenter, text);
        x += QFontMetrics(slaFont).horizontalAdvance(text + QStringLiteral(" · "));
    }
    painter->setFont(base);
    painter->setPen(pal.color(QPalette::PlaceholderText));
    const int rest = inner.right() - x;
    if (rest > fm.averageCharWidth() * 3)
        painter->drawText(QRect(x, y, rest, line), Qt::AlignLeft | Qt::AlignVCenter,
                          fm.elidedText(index.data(TriageLaneModel::SummaryRole).toString(), Qt::ElideRight, rest));

    if (option.state & QStyle::State_HasFocus) {
        painter->setPen(QPen(pal.color(QPalette::Highlight), 1, Qt::DotLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(QRectF(card).adjusted(2.5, 2.5, -2.5, -2.5), 5, 5);
    }
    painter->restore();
}

} // namespace cordon::ui
