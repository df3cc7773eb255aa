#include "ui/timeline/rate_chart.h"

#include "ui/chart_style.h"

#include <QAreaSeries>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QLineSeries>
#include <QMouseEvent>
#include <QRubberBand>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>

namespace cordon::ui {
namespace {

qreal ms(core::TimeUs t)
{
    return static_cast<qreal>(t / 1000);
}

QAreaSeries *area(QLineSeries *upper, const QColor &color)
{
    auto *a = new QAreaSeries(upper);
    QColor fill = color;
    fill.setAlpha(110);
    a->setBrush(fill);
    a->setPen(QPen(color, 1));
    return a;
}

} // namespace

RateChart::RateChart(QWidget *parent)
    : QChartView(parent), m_events(new QLineSeries(this)), m_violations(new QLineSeries(this)),
      m_eventsArea(area(m_events, QColor(0x3d, 0x7e, 0xc7))), m_violationsArea(area(m_violations, QColor(0xd0, 0x3b, 0x2f))),
      m_alerts(new QScatterSeries), m_time(new QDateTimeAxis), m_count(new QValueAxis),
      m_band(new QRubberBand(QRubberBand::Rectangle, this))
{
    setObjectName(QStringLiteral("rateChart"));
    setRenderHint(QPainter::Antialiasing, false);   // thousands of bins: crisp and fast
    auto *c = new QChart;
    c->legend()->setAlignment(Qt::AlignRight);
    c->setMargins(QMargins(4, 2, 4, 2));
    c->setBackgroundRoundness(0);
    m_eventsArea->setName(tr("Events"));
    m_violationsArea->setName(tr("Policy violations"));
    m_alerts->setName(tr("Alerts"));
    m_alerts->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_alerts->setMarkerSize(7);
    m_alerts->setColor(QColor(0xf0, 0xa2, 0x02));
    m_alerts->setBorderColor(Qt::transparent);
    c->addSeries(m_eventsArea);
    c->addSeries(m_violationsArea);
    c->addSeries(m_alerts);
    m_time->setFormat(QStringLiteral("MM-dd HH:mm"));
    m_time->setTickCount(8);
    m_count->setLabelFormat(QStringLiteral("%d"));
    m_count->setTickCount(3);
    c->addAxis(m_time, Qt::AlignBottom);
    c->addAxis(m_count, Qt::AlignLeft);
    for (QAbstractSeries *s : c->series()) {
        s->attachAxis(m_time);
        s->attachAxis(m_count);
    }
    setChart(c);
    styleChart(c, palette());
    setMinimumHeight(130);
    setMaximumHeight(190);
    setToolTip(tr("Drag across the chart to show only that time; click to go to a moment"));
}

void RateChart::setHistogram(const core::RateHistogram &h)
{
    m_binWidth = h.binWidth;
    m_from = h.from;
    QList<QPointF> events, violations;
    events.reserve(static_cast<qsizetype>(h.events.size()) * 2);
    violations.reserve(events.capacity());
    quint32 peak = 1;
    // Steps, not slopes: each bin is flat over its width, as a count per bin is.
    for (std::size_t i = 0; i < h.events.size(); ++i) {
        const qreal a = ms(h.binStart(i)), b = ms(h.binStart(i + 1));
        events << QPointF(a, h.events[i]) << QPointF(b, h.events[i]);
        violations << QPointF(a, h.violations[i]) << QPointF(b, h.violations[i]);
        peak = std::max(peak, h.events[i]);
    }
    m_events->replace(events);
    m_violations->replace(violations);
    if (!h.events.empty()) {
        // Ticks on round clock times: the range widened to whole steps, at most 8 of them.
        const core::TimeUs end = h.binStart(h.events.size());
        const core::TimeUs step = core::niceBinWidth(end - h.from, 8);
        const core::TimeUs first = h.from - h.from % step;
        const core::TimeUs last = end % step ? end + step - end % step : end;
        m_time->setRange(QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(ms(first))),
                         QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(ms(last))));
        m_time->setTickCount(static_cast<int>((last - first) / step) + 1);
        m_time->setFormat(step >= 86'400'000'000LL ? QStringLiteral("MM-dd") : QStringLiteral("MM-dd HH:mm"));
    }
    m_count->setRange(0, peak);
    m_count->applyNiceNumbers();
    placeAlerts();
    m_count->setTitleText(m_binWidth >= 60'000'000 ? tr("per %n min", nullptr, static_cast<int>(m_binWidth / 60'000'000))
                                                   : tr("per %n s", nullptr, static_cast<int>(m_binWidth / 1'000'000)));
}

void RateChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        styleChart(chart(), palette());
}

void RateChart::setAlertTimes(const std::vector<core::TimeUs> &times)
{
    m_alertTimes = times;
    placeAlerts();
}

void RateChart::placeAlerts()
{
    // Along the top of the plot, whatever the scale the histogram set.
    QList<QPointF> points;
    const qreal y = m_count->max() * 0.95;
    for (core::TimeUs t : m_alertTimes)
        points << QPointF(ms(t), y);
    m_alerts->replace(points);
}

void RateChart::setSelection(std::optional<core::TimeUs> from, std::optional<core::TimeUs> to)
{
    if (!from && !to) {
        m_band->hide();
        return;
    }
    const QRectF plot = chart()->plotArea();
    const int a = from ? xOf(*from) : static_cast<int>(plot.left());
    const int b = to ? xOf(*to) : static_cast<int>(plot.right());
    m_band->setGeometry(QRect(QPoint(std::min(a, b), static_cast<int>(plot.top())),
                              QPoint(std::max(a, b), static_cast<int>(plot.bottom()))));
    m_band->show();
}

core::TimeUs RateChart::timeAt(int x) const
{
    const QPointF value = chart()->mapToValue(QPointF(x, chart()->plotArea().center().y()), m_events);
    return static_cast<core::TimeUs>(value.x()) * 1000;
}

int RateChart::xOf(core::TimeUs t) const
{
    return static_cast<int>(chart()->mapToPosition(QPointF(ms(t), 0), m_events).x());
}

void RateChart::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !chart()->plotArea().contains(event->position())) {
        QChartView::mousePressEvent(event);
        return;
    }
    m_pressX = static_cast<int>(event->position().x());
    const QRectF plot = chart()->plotArea();
    m_band->setGeometry(QRect(m_pressX, static_cast<int>(plot.top()), 1, static_cast<int>(plot.height())));
    m_band->show();
}

void RateChart::mouseMoveEvent(QMouseEvent *event)
{
    if (m_pressX < 0) {
        QChartView::mouseMoveEvent(event);
        return;
    }
    const QRectF plot = chart()->plotArea();
    const int x = std::clamp(static_cast<int>(event->position().x()), static_cast<int>(plot.left()), static_cast<int>(plot.right()));
    m_band->setGeometry(QRect(std::min(m_pressX, x), static_cast<int>(plot.top()), std::abs(x - m_pressX) + 1,
                              static_cast<int>(plot.height())));
}

void RateChart::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_pressX < 0) {
        QChartView::mouseReleaseEvent(event);
        return;
    }
    const int x = static_cast<int>(event->position().x());
    const int a = std::min(m_pressX, x), b = std::max(m_pressX, x);
    m_pressX = -1;
    if (b - a < 4 && m_binWidth > 0) {
        // A click picks the bin under the cursor.
        const core::TimeUs t = timeAt(x);
        const core::TimeUs start = t - ((t - m_from) % m_binWidth);
        Q_EMIT rangeSelected(start, start + m_binWidth);
        return;
    }
    Q_EMIT rangeSelected(timeAt(a), timeAt(b));
}

} // namespace cordon::ui
