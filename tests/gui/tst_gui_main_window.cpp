// The main window on the offscreen platform, driven by objectName like a user would.
#include "test_support.h"
#include "gui_test_support.h"

#include "core/ingest/importer.h"
#include "ui/alert_list_model.h"
#include "ui/main_window.h"
#include "ui/triage/alert_text.h"
#include "ui/timeline/timeline.h"
#include "ui/timeline/timeline_model.h"
#include "ui/timeline/timeline_page.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>

using namespace cordon;

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { test::isolateSettings(QStringLiteral("tst_gui_main_window")); }

    void showsTheCaseFromTheFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("shown.cordon"));
        {
            auto file = test::newCase(path, "Leaked system prompt");
            core::Importer importer(*file, core::SystemClock::instance());
            QVERIFY(importer.run({test::str(test::testData("events_good.jsonl")),
                                  test::str(test::testData("events_bad.jsonl"))}).ok());
        }
        ui::MainWindow window;
        QVERIFY(test::openCase(window, path));

        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("caseTitle"))->text(), QStringLiteral("Leaked system prompt"));
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("severityBadge"))->text(), QStringLiteral("Medium"));
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("eventCount"))->text(), QLocale().toString(6));
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("deadLetterCount"))->text(), QLocale().toString(8));
        QVERIFY(!window.findChild<QLabel *>(QStringLiteral("exerciseBadge"))->isVisible());
        QVERIFY(!window.findChild<QLabel *>(QStringLiteral("errorBanner"))->isVisible());
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("Leaked system prompt")));

        // The timeline holds every event, newest first: the 11:00:04 duplicate-key record,
        // then 11:00:00.
        auto *view = window.findChild<QTableView *>(QStringLiteral("timelineView"));
        QVERIFY(view);
        QAbstractItemModel *model = view->model();
        QTRY_VERIFY_WITH_TIMEOUT(window.timelinePage()->timeline()->complete(), 10000);
        QCOMPARE(model->rowCount(), 6);
        using M = ui::TimelineModel;
        QTRY_COMPARE(model->index(0, M::Text).data().toString(), QStringLiteral("second"));
        QCOMPARE(model->index(0, M::Flags).data().toString(), QStringLiteral("duplicate_keys"));
        QTRY_VERIFY(model->match(model->index(0, M::Kind), Qt::DisplayRole, QStringLiteral("guardrail.verdict")).value(0).isValid());
        const QModelIndex guardrail = model->match(model->index(0, M::Kind), Qt::DisplayRole,
                                                   QStringLiteral("guardrail.verdict")).value(0);
        QCOMPARE(model->index(guardrail.row(), M::Flags).data().toString(),
                 QStringLiteral("policy_violation, jailbreak_detected"));
    }

    void triageListShowsAlertsWithSlaCountdown()
    {
        const QString path = m_dir.filePath(QStringLiteral("triage.cordon"));
        const QString events = m_dir.filePath(QStringLiteral("attempts.jsonl"));
        {
            QFile f(events);
            QVERIFY(f.open(QIODevice::WriteOnly));
            for (int i = 0; i < 7; ++i)
                f.write(QStringLiteral("{\"time\":\"2026-11-20T01:5%1:00Z\",\"kind\":\"llm.request\",\"account\":\"u-7\","
                                       "\"prompt\":\"try %1\",\"flags\":[\"jailbreak_detected\"]}\n")
                            .arg(i)
                            .toUtf8());
            f.close();
            auto file = test::newCase(path, "Triage");
            QVERIFY(core::Importer(*file, core::SystemClock::instance()).run({test::str(events)}).ok());
            // Detection is left to the window, which catches up when it opens a case.
        }
        ui::MainWindow window;
        window.show();
        auto *view = window.findChild<QTableView *>(QStringLiteral("triageList"));
        QVERIFY(view);
        window.openCase(path);
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, 10000);
        QAbstractItemModel *model = view->model();
        QCOMPARE(model->index(0, ui::AlertListModel::Severity).data().toString(), QStringLiteral("High"));
        QCOMPARE(model->index(0, ui::AlertListModel::Group).data().toString(), QStringLiteral("account:u-7"));
        QVERIFY(model->index(0, ui::AlertListModel::Sla).data().toString().endsWith(QStringLiteral("left")));
        QVERIFY(model->index(0, ui::AlertListModel::Why).data().toString().contains(QStringLiteral("more than 5")));
        QVERIFY(model->index(0, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("Suspend the account")));
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("triageCaption"))->text().startsWith(QStringLiteral("Alerts — 1 open of 1")));
    }

    void alertModelCountsDownAndPassesTheTester()
    {
        ui::AlertListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const core::TimeUs t0 = 1'795'140'000'000'000;
        core::AlertSummary a;
        a.id = 1;
        a.severity = core::Severity::Critical;
        a.createdAt = t0;
        a.slaDueAt = t0 + 15 * 60'000'000LL;
        model.setAlerts({a}, t0);
        using State = ui::SlaState;
        QCOMPARE(model.index(0, ui::AlertListModel::Sla).data().toString(), QStringLiteral("15:00 left"));
        QCOMPARE(model.index(0, 0).data(ui::AlertListModel::SlaStateRole).toInt(), int(State::Running));
        model.setNow(t0 + 12 * 60'000'000LL);   // under a quarter left: amber
        QCOMPARE(model.index(0, 0).data(ui::AlertListModel::SlaStateRole).toInt(), int(State::Short));
        model.setNow(t0 + 16 * 60'000'000LL);   // breached: red
        QCOMPARE(model.index(0, 0).data(ui::AlertListModel::SlaStateRole).toInt(), int(State::Breached));
        QCOMPARE(model.index(0, ui::AlertListModel::Sla).data().toString(), QStringLiteral("breached 1:00 ago"));
        model.setAlerts({}, t0);
        QCOMPARE(model.rowCount(), 0);
    }

    void refusedFileIsShownInTheWindow()
    {
        const QString junk = m_dir.filePath(QStringLiteral("junk.cordon"));
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("definitely not sqlite");
        f.close();
        ui::MainWindow window;
        window.show();
        QSignalSpy failed(&window, &ui::MainWindow::caseFailed);
        window.openCase(junk);
        QVERIFY(failed.wait(10000));
        auto *banner = window.findChild<QLabel *>(QStringLiteral("errorBanner"));
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QStringLiteral("not a Cordon case file")), qPrintable(banner->text()));
    }

    void geometryIsRemembered()
    {
        {
            ui::MainWindow window;
            window.show();
            window.resize(901, 655);
            window.close();
        }
        ui::MainWindow again;
        QCOMPARE(again.size(), QSize(901, 655));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_gui_main_window.moc"
