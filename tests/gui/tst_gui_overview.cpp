// The Overview page on the offscreen platform: the phase stepper with the milestones a case
// records, the counters (open alerts by severity, affected accounts), and the two charts as
// ways into the timeline, clicked with the mouse.
#include "test_support.h"
#include "gui_test_support.h"

#include "ui/main_window.h"
#include "ui/overview/overview_page.h"
#include "ui/overview/phase_stepper.h"
#include "ui/overview/severity_chart.h"
#include "ui/time_text.h"
#include "ui/timeline/filter_bar.h"
#include "ui/timeline/rate_chart.h"
#include "ui/timeline/timeline.h"
#include "ui/timeline/timeline_page.h"

#include <QLabel>
#include <QTableView>
#include <QTest>

using namespace cordon;

class TestOverview : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;
    core::TimeUs m_detected = 0, m_declared = 0;

private slots:
    void initTestCase()
    {
        test::isolateSettings(QStringLiteral("tst_gui_overview"));
        m_path = m_dir.filePath(QStringLiteral("overview.cordon"));
        test::writeAlertCase(m_path, m_dir.path());
        // The case moved on to containment: detected and declared are stamped.
        const core::TimeUs now = core::SystemClock::instance().now();
        m_detected = now - 400'000'000;
        m_declared = now - 300'000'000;
        const auto result = test::sqlite(m_path, QStringLiteral(
            "UPDATE case_info SET phase = 'Containment', detected_at = %1, declared_at = %2;")
            .arg(m_detected).arg(m_declared));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    }

    void stepperShowsThePhaseAndItsMilestones()
    {
        ui::MainWindow window;
        QVERIFY(test::openCase(window, m_path));
        auto *stepper = window.findChild<ui::PhaseStepper *>(QStringLiteral("phaseStepper"));
        QVERIFY(stepper && stepper->isVisible());
        QCOMPARE(stepper->currentStep(), int(core::Phase::Containment));
        QCOMPARE(stepper->stepText(0), QStringLiteral("Detected %1").arg(ui::formatLocalTime(m_detected)));
        QCOMPARE(stepper->stepText(1), QStringLiteral("Declared %1").arg(ui::formatLocalTime(m_declared)));
        QCOMPARE(stepper->stepText(2), QStringLiteral("—"));   // containment is under way
        QVERIFY(stepper->toolTip().contains(QStringLiteral("Current phase: Containment")));
    }

    void countersCountWhatIsOpenAndWhoIsAffected()
    {
        ui::MainWindow window;
        QVERIFY(test::openCase(window, m_path));
        auto count = [&window](const char *name) { return window.findChild<QLabel *>(QString::fromLatin1(name))->text(); };
        QCOMPARE(count("openCriticalCount"), QStringLiteral("1"));
        QCOMPARE(count("openHighCount"), QStringLiteral("1"));
        QCOMPARE(count("openMediumCount"), QStringLiteral("0"));
        // Counted a moment after the case opens, so the first screen is not held up by it.
        QTRY_COMPARE_WITH_TIMEOUT(count("affectedAccountCount"), QStringLiteral("2"), 5000);   // svc-reporting and u-7
        // Campaign counts are checked against forensics' findings in tst_investigation.
        auto *chart = window.findChild<ui::SeverityChart *>(QStringLiteral("severityChart"));
        QCOMPARE(chart->counts().open[0], 1);
        QCOMPARE(chart->counts().open[1], 1);
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("triageCaption"))->text().left(25),
                 QStringLiteral("Alerts — 2 open of 2 (dou"));
    }

    void clickingASeverityBarShowsItsEvidenceOnTheTimeline()
    {
        ui::MainWindow window;
        QVERIFY(test::openCase(window, m_path));
        auto *chart = window.findChild<ui::SeverityChart *>(QStringLiteral("severityChart"));
        QTest::mouseClick(chart->viewport(), Qt::LeftButton, {}, chart->barCentre(core::Severity::Critical));
        auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
        QCOMPARE(pages->currentWidget()->objectName(), QStringLiteral("timelinePage"));
        ui::Timeline *timeline = window.timelinePage()->timeline();
        QCOMPARE(timeline->filter().minSeverity, std::optional(core::Severity::Critical));
        // The Critical alert cites the one accepted unsigned token.
        QTRY_COMPARE_WITH_TIMEOUT(window.timelinePage()->view()->model()->rowCount(), 1, 10000);

        window.showPage(ui::MainWindow::OverviewPageIndex);
        QTest::mouseClick(chart->viewport(), Qt::LeftButton, {}, chart->barCentre(core::Severity::High));
        QCOMPARE(timeline->filter().minSeverity, std::optional(core::Severity::High));
        QTRY_COMPARE_WITH_TIMEOUT(window.timelinePage()->view()->model()->rowCount(), 7, 10000);
    }

    void clickingTheRateChartOpensTheTimelineAtThatMoment()
    {
        ui::MainWindow window;
        QVERIFY(test::openCase(window, m_path));
        auto *overview = window.findChild<ui::OverviewPage *>(QStringLiteral("overviewPage"));
        ui::RateChart *chart = overview->rateChart();
        QSignalSpy histogram(window.timelinePage()->timeline(), &ui::Timeline::histogramReady);
        QVERIFY(histogram.count() || histogram.wait(10000));
        QTest::qWait(50);   // the chart lays out its new range
        const QPoint middle = chart->mapFromScene(chart->chart()->plotArea().center());
        const core::TimeUs clicked = chart->timeAt(middle.x());
        QTest::mouseClick(chart->viewport(), Qt::LeftButton, {}, middle);
        QCOMPARE(window.findChild<QTabWidget *>(QStringLiteral("pages"))->currentWidget()->objectName(),
                 QStringLiteral("timelinePage"));
        const core::TimelineFilter filter = window.timelinePage()->timeline()->filter();
        QVERIFY(filter.from && filter.to);
        QVERIFY(*filter.from <= clicked && clicked < *filter.to);
        QVERIFY(*filter.to - *filter.from <= 60'000'000);   // one bin of a ten-minute case
        QCOMPARE(window.findChild<ui::FilterBar *>()->filter().from, filter.from);
    }
};

QTEST_MAIN(TestOverview)
#include "tst_gui_overview.moc"
