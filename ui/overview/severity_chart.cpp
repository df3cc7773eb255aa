#include "ui/overview/severity_chart.h"

#include "ui/chart_style.h"
#include "ui/severity_palette.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QEvent>
#include <QLegendMarker>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <algorithm>

namespace cordon::ui {
namespace {
constexpr std::array<core::Severity, 4> kSeverities = {core::Severity::Critical, core::Severity::High,
                                                       core::Severity::Medium, core::Severity::Low};

QString name(core::Severity s)
{
    return QString::fromUtf8(core::toString(s).data());
}
} // namespace

SeverityChart::SeverityChart(QWidget *parent)
    : QChartView(parent), m_series(new QStackedBarSeries), m_closed(new QBarSet(tr("Closed"))),
      m_categories(new QBarCategoryAxis), m_values(new QValueAxis)
{
    setObjectName(QStringLiteral("severityChart"));
    setRenderHint(QPainter::Antialiasing);
    auto *c = new QChart;
    c->setTitle(tr("Alerts by severity"));
    c->setMargins(QMargins(4, 2, 4, 2));
    c->setBackgroundRoundness(0);
    // One set per severity, each with a value in its own column only: a colour per bar.
    for (std::size_t i = 0; i < kSeverities.size(); ++i) {
        m_open[i] = new QBarSet(tr("%1 open").arg(name(kSeverities[i])));
        *m_open[i] << 0 << 0 << 0 << 0;
        m_series->append(m_open[i]);
        connect(m_open[i], &QBarSet::clicked, this, [this](int index) { Q_EMIT severityClicked(kSeverities[static_cast<std::size_t>(index)]); });
    }
    *m_closed << 0 << 0 << 0 << 0;
    m_series->append(m_closed);
    connect(m_closed, &QBarSet::clicked, this, [this](int index) { Q_EMIT severityClicked(kSeverities[static_cast<std::size_t>(index)]); });
    m_series->setBarWidth(0.6);
    c->addSeries(m_series);
    for (core::Severity s : kSeverities)
        m_categories->append(name(s));
    m_values->setLabelFormat(QStringLiteral("%d"));
    m_values->setRange(0, 1);
    c->addAxis(m_categories, Qt::AlignBottom);
    c->addAxis(m_values, Qt::AlignLeft);
    m_series->attachAxis(m_categories);
    m_series->attachAxis(m_values);
    // The legend says only what the colours cannot: that grey is closed.
    c->legend()->setAlignment(Qt::AlignBottom);
    for (QLegendMarker *marker : c->legend()->markers(m_series))
        marker->setVisible(marker->label() == m_closed->label());
    setChart(c);
    setMinimumSize(260, 190);
    setToolTip(tr("Click a bar to see on the timeline the events that alerts of at least that severity cite"));
    paintSets();
}

void SeverityChart::setCounts(const SeverityCounts &counts)
{
    m_counts = counts;
    int peak = 1;
    for (std::size_t i = 0; i < kSeverities.size(); ++i) {
        for (std::size_t j = 0; j < kSeverities.size(); ++j)
            m_open[i]->replace(static_cast<qsizetype>(j), i == j ? counts.open[i] : 0);
        m_closed->replace(static_cast<qsizetype>(i), counts.closed[i]);
        peak = std::max(peak, counts.open[i] + counts.closed[i]);
    }
    m_values->setRange(0, peak);
    m_values->applyNiceNumbers();
    m_values->setTickCount(std::min(peak, 4) + 1);
}

QPoint SeverityChart::barCentre(core::Severity severity) const
{
    const auto i = static_cast<std::size_t>(severity);
    const qreal height = std::max(1, m_counts.open[i] + m_counts.closed[i]);
    const QPointF scene = chart()->mapToPosition(QPointF(static_cast<qreal>(i), height / 2), m_series);
    return mapFromScene(chart()->mapToScene(scene));
}

void SeverityChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        paintSets();
}

void SeverityChart::paintSets()
{
    styleChart(chart(), palette());
    for (std::size_t i = 0; i < kSeverities.size(); ++i) {
        const QColor c = severityColors(kSeverities[i], palette()).background;
        m_open[i]->setColor(c);
        m_open[i]->setBorderColor(c);
    }
    m_closed->setColor(palette().color(QPalette::Mid));
    m_closed->setBorderColor(palette().color(QPalette::Mid));
}

} // namespace cordon::ui
