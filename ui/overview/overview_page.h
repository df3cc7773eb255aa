#pragma once

#include "core/query/timeline_index.h"
#include "core/response/regulatory_clocks.h"
#include "ui/case_snapshot.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace cordon::ui {

class AlertListModel;
class CaseHeaderWidget;
class PhaseStepper;
class RateChart;
class SeverityChart;

/// The case at a glance: header and counters, the phase stepper, the event rate and alerts
/// by severity (each a way into the timeline), and the alerts with their SLA countdowns.
class OverviewPage : public QWidget {
    Q_OBJECT
public:
    explicit OverviewPage(QWidget *parent = nullptr);

    void setSnapshot(const CaseSnapshot &snapshot);
    /// The event rate of the whole case (the timeline's histogram).
    void setHistogram(const core::RateHistogram &histogram);
    /// Moves the SLA countdowns and the regulatory clocks on.
    void setNow(core::TimeUs now);
    /// The legal deadlines running in the case, shown under the stepper with the time left.
    void setRegulatoryClocks(std::vector<core::response::RegulatoryClock> clocks);

    PhaseStepper *phaseStepper() const { return m_stepper; }
    RateChart *rateChart() const { return m_rate; }
    SeverityChart *severityChart() const { return m_severity; }
    QTableView *alertsView() const { return m_alertsView; }

    void saveState() const;
    void restoreState();

Q_SIGNALS:
    /// The user picked a moment or a range on the rate chart.
    void timeRangeRequested(core::TimeUs from, core::TimeUs to);
    /// The user picked a severity bar: the events alerts at least that severe cite.
    void severityRequested(core::Severity severity);
    /// The user opened an alert from the list.
    void alertActivated(qint64 alertId);

private:
    CaseHeaderWidget *m_header;
    PhaseStepper *m_stepper;
    RateChart *m_rate;
    SeverityChart *m_severity;
    AlertListModel *m_alerts;
    QTableView *m_alertsView;
    QLabel *m_alertsCaption;
    QLabel *m_clocks;
    std::vector<core::response::RegulatoryClock> m_clockList;
    core::TimeUs m_now = 0;
};

} // namespace cordon::ui
