#pragma once

#include "core/query/timeline_index.h"

#include <QChartView>

class QAreaSeries;
class QDateTimeAxis;
class QLineSeries;
class QRubberBand;
class QScatterSeries;
class QValueAxis;

namespace cordon::ui {

/// Event rate over time with policy violations overlaid and alert markers, from the
/// pre-binned histogram (a few thousand points whatever the case holds). Dragging across it
/// selects a time range; clicking selects the bin under the cursor.
class RateChart : public QChartView {
    Q_OBJECT
public:
    explicit RateChart(QWidget *parent = nullptr);

    void setHistogram(const core::RateHistogram &histogram);
    /// Moments alerts fired, marked on the time axis.
    void setAlertTimes(const std::vector<core::TimeUs> &times);
    /// Shades the time range in force (none: nothing shaded).
    void setSelection(std::optional<core::TimeUs> from, std::optional<core::TimeUs> to);

    /// The event time at a horizontal position in the view, and back.
    core::TimeUs timeAt(int x) const;
    int xOf(core::TimeUs t) const;

Q_SIGNALS:
    /// A dragged range, or the bin under a click.
    void rangeSelected(core::TimeUs from, core::TimeUs to);

protected:
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void placeAlerts();

    std::vector<core::TimeUs> m_alertTimes;
    QLineSeries *m_events, *m_violations;
    QAreaSeries *m_eventsArea, *m_violationsArea;
    QScatterSeries *m_alerts;
    QDateTimeAxis *m_time;
    QValueAxis *m_count;
    QRubberBand *m_band;
    core::TimeUs m_binWidth = 0, m_from = 0;
    int m_pressX = -1;
};

} // namespace cordon::ui
