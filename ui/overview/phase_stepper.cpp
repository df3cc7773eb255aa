#include "ui/overview/phase_stepper.h"

#include <QContextMenuEvent>
#include <QMenu>

#include "ui/time_text.h"

#include <QPainter>
#include <QPainterPath>

#include <array>
#include <optional>

namespace cordon::ui {
namespace {

using core::Milestone;
using core::Phase;

/// The milestone that closes each phase, in the order of core::Phase; investigation ends
/// without one of its own.
constexpr std::array<std::optional<Milestone>, 7> kClosedBy = {
    Milestone::Detected, Milestone::Declared, Milestone::Contained, std::nullopt,
    Milestone::Remediated, Milestone::Recovered, Milestone::Closed};

constexpr int kRadius = 9;

QString text(std::string_view s)
{
    QString t = QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
    if (!t.isEmpty())
        t[0] = t[0].toUpper();
    return t;
}

std::optional<core::TimeUs> milestoneTime(const core::CaseInfo &info, Milestone m)
{
    return info.milestones[static_cast<std::size_t>(m)];
}

} // namespace

PhaseStepper::PhaseStepper(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("phaseStepper"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

int PhaseStepper::stepCount()
{
    return static_cast<int>(kClosedBy.size());
}

void PhaseStepper::setCase(const core::CaseInfo &info)
{
    m_info = info;
    const auto started = milestoneTime(info, Milestone::Started);
    QStringList tip{tr("Current phase: %1").arg(text(core::toString(info.phase)))};
    tip << (started ? tr("Incident started %1").arg(formatLocalTime(*started)) : tr("Start of the incident not yet set"));
    for (int i = 0; i < stepCount(); ++i)
        tip << QStringLiteral("%1: %2").arg(text(core::toString(static_cast<Phase>(i))), stepText(i));
    setToolTip(tip.join(QLatin1Char('\n')));
    update();
}

QString PhaseStepper::stepText(int step) const
{
    const auto closedBy = kClosedBy[static_cast<std::size_t>(step)];
    if (!closedBy)
        return QStringLiteral("—");
    const auto at = milestoneTime(m_info, *closedBy);
    return at ? QStringLiteral("%1 %2").arg(text(core::toString(*closedBy)), formatLocalTime(*at)) : QStringLiteral("—");
}

QSize PhaseStepper::sizeHint() const
{
    return {900, minimumSizeHint().height()};
}

QSize PhaseStepper::minimumSizeHint() const
{
    return {7 * 90, 2 * kRadius + 2 * fontMetrics().height() + 14};
}

void PhaseStepper::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QColor done = pal.color(QPalette::Highlight);
    const QColor todo = pal.color(QPalette::Mid);
    const int current = currentStep();
    const int n = stepCount();
    const qreal slot = static_cast<qreal>(width()) / n;
    const qreal cy = kRadius + 2;
    auto cx = [slot](int i) { return slot * (i + 0.5); };

    // The line behind the circles: travelled up to the current phase, then still to go.
    for (int i = 0; i + 1 < n; ++i) {
        p.setPen(QPen(i < current ? done : todo, 2));
        p.drawLine(QPointF(cx(i) + kRadius, cy), QPointF(cx(i + 1) - kRadius, cy));
    }

    QFont bold = font();
    bold.setBold(true);
    const int lineHeight = fontMetrics().height();
    for (int i = 0; i < n; ++i) {
        const QPointF centre(cx(i), cy);
        if (i < current) {
            p.setPen(Qt::NoPen);
            p.setBrush(done);
            p.drawEllipse(centre, kRadius, kRadius);
            // A tick: behind us.
            QPainterPath tick;
            tick.moveTo(centre + QPointF(-4, 0));
            tick.lineTo(centre + QPointF(-1, 3.5));
            tick.lineTo(centre + QPointF(4.5, -3.5));
            p.setPen(QPen(pal.color(QPalette::HighlightedText), 2));
            p.setBrush(Qt::NoBrush);
            p.drawPath(tick);
        } else if (i == current) {
            p.setPen(QPen(done, 3));
            p.setBrush(pal.color(QPalette::Base));
            p.drawEllipse(centre, kRadius - 1, kRadius - 1);
            p.setPen(Qt::NoPen);
            p.setBrush(done);
            p.drawEllipse(centre, 4, 4);
        } else {
            p.setPen(QPen(todo, 2));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(centre, kRadius - 1, kRadius - 1);
        }
        const QRectF nameRect(cx(i) - slot / 2, cy + kRadius + 4, slot, lineHeight);
        p.setFont(i == current ? bold : font());
        p.setPen(pal.color(i > current ? QPalette::PlaceholderText : QPalette::WindowText));
        p.drawText(nameRect, Qt::AlignHCenter | Qt::AlignTop, text(core::toString(static_cast<Phase>(i))));
        p.setFont(font());
        p.setPen(pal.color(QPalette::PlaceholderText));
        const QRectF timeRect = nameRect.translated(0, lineHeight);
        p.drawText(timeRect, Qt::AlignHCenter | Qt::AlignTop,
                   fontMetrics().elidedText(stepText(i), Qt::ElideRight, static_cast<int>(slot) - 4));
    }
}

void PhaseStepper::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    for (std::size_t i = 0; i < core::kMilestones.size(); ++i) {
        const core::Milestone m = core::kMilestones[i];
        if (m_info.milestones[i] || m == core::Milestone::Started)
            continue;
        QString name = QString::fromUtf8(core::toString(m).data());
        menu.addAction(tr("Mark %1 Now").arg(name), this, [this, m] { Q_EMIT milestoneRequested(m); });
    }
    menu.addSeparator();
    QMenu *phases = menu.addMenu(tr("Move to Phase"));
    for (int step = 0; step < stepCount(); ++step) {
        const auto phase = static_cast<core::Phase>(step);
        QAction *a = phases->addAction(QString::fromUtf8(core::toString(phase).data()), this, [this, phase] { Q_EMIT phaseRequested(phase); });
        a->setEnabled(phase != m_info.phase);
    }
    menu.exec(event->globalPos());
}

} // namespace cordon::ui
