#include "ui/overview/overview_page.h"

#include "ui/response/clock_text.h"

#include "ui/alert_list_model.h"
#include "ui/case_header_widget.h"
#include "ui/overview/phase_stepper.h"
#include "ui/overview/severity_chart.h"
#include "ui/table_style.h"
#include "ui/timeline/rate_chart.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QSettings>
#include <QTableView>
#include <QVBoxLayout>

namespace cordon::ui {
namespace {
const auto kAlertColumnsKey = QStringLiteral("overview/alertColumns");
} // namespace

OverviewPage::OverviewPage(QWidget *parent)
    : QWidget(parent), m_header(new CaseHeaderWidget), m_stepper(new PhaseStepper), m_rate(new RateChart),
      m_severity(new SeverityChart), m_alerts(new AlertListModel(this)), m_alertsView(new QTableView),
      m_alertsCaption(new QLabel(tr("Alerts"))), m_clocks(new QLabel)
{
    setObjectName(QStringLiteral("overviewPage"));
    m_rate->setObjectName(QStringLiteral("overviewRateChart"));
    m_rate->setMaximumHeight(QWIDGETSIZE_MAX);
    m_rate->chart()->setTitle(tr("Event rate"));
    m_rate->setToolTip(tr("Click a moment, or drag across a stretch, to open the timeline there"));
    m_severity->setMinimumWidth(400);
    m_severity->setMaximumWidth(520);

    m_alertsView->setObjectName(QStringLiteral("triageList"));
    m_alertsView->setModel(m_alerts);
    configureTable(m_alertsView, {80, 100, 160, 300, 200, 70});
    m_alertsCaption->setObjectName(QStringLiteral("triageCaption"));
    QFont bold = m_alertsCaption->font();
    bold.setBold(true);
    m_alertsCaption->setFont(bold);

    auto *charts = new QHBoxLayout;
    charts->addWidget(m_rate, 5);
    charts->addWidget(m_severity, 2);

    // In a scroll area: the page asks for room a small window may not have, and must not
    // make the window wider than the user left it.
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->addWidget(m_header);
    layout->addSpacing(4);
    layout->addWidget(m_stepper);
    m_clocks->setObjectName(QStringLiteral("overviewClocks"));
    m_clocks->setTextFormat(Qt::RichText);
    m_clocks->setWordWrap(true);
    m_clocks->hide();   // until a clock starts
    layout->addWidget(m_clocks);
    layout->addSpacing(4);
    layout->addLayout(charts, 2);
    layout->addWidget(m_alertsCaption);
    layout->addWidget(m_alertsView, 3);
    m_alertsView->setMinimumHeight(160);
    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("overviewScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    connect(m_rate, &RateChart::rangeSelected, this, &OverviewPage::timeRangeRequested);
    connect(m_severity, &SeverityChart::severityClicked, this, &OverviewPage::severityRequested);
    connect(m_alertsView, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT alertActivated(index.data(AlertListModel::AlertIdRole).toLongLong());
    });
}

void OverviewPage::setSnapshot(const CaseSnapshot &snapshot)
{
    m_header->setSnapshot(snapshot);
    m_stepper->setCase(snapshot.info);
    m_severity->setCounts(countBySeverity(snapshot.alerts));
    std::vector<core::TimeUs> alertTimes;
    for (const auto &a : snapshot.alerts)
        alertTimes.push_back(a.firstEventTime);
    m_rate->setAlertTimes(alertTimes);
    m_alerts->setAlerts(snapshot.alerts, snapshot.readAt);
    m_alertsCaption->setText(snapshot.alerts.empty()
                                 ? tr("Alerts — none yet")
                                 : tr("Alerts — %1 open of %2 (double-click to open on the triage board)")
                                       .arg(m_alerts->openCount())
                                       .arg(snapshot.alerts.size()));
}

void OverviewPage::setHistogram(const core::RateHistogram &histogram)
{
    m_rate->setHistogram(histogram);
}

void OverviewPage::setNow(core::TimeUs now)
{
    m_now = now;
    m_alerts->setNow(now);
    if (!m_clockList.empty())
        m_clocks->setText(tr("<b>Regulatory clocks</b>") + clocksHtml(m_clockList, now));
}

void OverviewPage::setRegulatoryClocks(std::vector<core::response::RegulatoryClock> clocks)
{
    m_clockList = std::move(clocks);
    m_clocks->setVisible(!m_clockList.empty());
    setNow(m_now);
}

void OverviewPage::saveState() const
{
    QSettings().setValue(kAlertColumnsKey, m_alertsView->horizontalHeader()->saveState());
}

void OverviewPage::restoreState()
{
    m_alertsView->horizontalHeader()->restoreState(QSettings().value(kAlertColumnsKey).toByteArray());
}

} // namespace cordon::ui
