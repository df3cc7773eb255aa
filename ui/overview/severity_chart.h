#pragma once

#include "core/domain/case_info.h"
#include "ui/triage/alert_text.h"

#include <QChartView>

#include <array>

class QBarCategoryAxis;
class QBarSet;
class QStackedBarSeries;
class QValueAxis;

namespace cordon::ui {

/// Alerts by severity: one bar per severity, its open alerts in the severity's colour and
/// the closed ones stacked above in grey. Clicking a bar asks for the events behind it.
class SeverityChart : public QChartView {
    Q_OBJECT
public:
    explicit SeverityChart(QWidget *parent = nullptr);

    void setCounts(const SeverityCounts &counts);
    const SeverityCounts &counts() const { return m_counts; }
    /// Where the bar of a severity is drawn, for a click (and a test's click).
    QPoint barCentre(core::Severity severity) const;

Q_SIGNALS:
    void severityClicked(core::Severity severity);

protected:
    void changeEvent(QEvent *event) override;

private:
    void paintSets();

    QStackedBarSeries *m_series;
    std::array<QBarSet *, 4> m_open{};
    QBarSet *m_closed;
    QBarCategoryAxis *m_categories;
    QValueAxis *m_values;
    SeverityCounts m_counts;
};

} // namespace cordon::ui
