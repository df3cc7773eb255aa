// The main window on the offscreen platform, driven by objectName like a user would.
#include "test_support.h"

#include "core/ingest/importer.h"
#include "ui/main_window.h"
#include "ui/recent_events_model.h"

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
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("CordonTests"));
        QApplication::setApplicationName(QStringLiteral("tst_gui_main_window"));
        QSettings().clear();
    }

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
        window.show();
        QSignalSpy shown(&window, &ui::MainWindow::caseShown);
        window.openCase(path);
        QVERIFY(shown.wait(10000));

        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("caseTitle"))->text(), QStringLiteral("Leaked system prompt"));
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("severityBadge"))->text(), QStringLiteral("Medium"));
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("eventCount"))->text(), QLocale().toString(6));
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("deadLetterCount"))->text(), QLocale().toString(8));
        QVERIFY(!window.findChild<QLabel *>(QStringLiteral("exerciseBadge"))->isVisible());
        QVERIFY(!window.findChild<QLabel *>(QStringLiteral("errorBanner"))->isVisible());
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("Leaked system prompt")));

        auto *view = window.findChild<QTableView *>(QStringLiteral("recentEvents"));
        QVERIFY(view);
        QAbstractItemModel *model = view->model();
        QCOMPARE(model->rowCount(), 6);
        // Newest first: the 11:00:04 duplicate-key record, then 11:00:00.
        QCOMPARE(model->index(0, ui::RecentEventsModel::Prompt).data().toString(), QStringLiteral("second"));
        QCOMPARE(model->index(0, ui::RecentEventsModel::Flags).data().toString(), QStringLiteral("duplicate_keys"));
        const QModelIndex guardrail = model->match(model->index(0, ui::RecentEventsModel::Kind), Qt::DisplayRole,
                                                   QStringLiteral("guardrail.verdict")).value(0);
        QVERIFY(guardrail.isValid());
        QCOMPARE(model->index(guardrail.row(), ui::RecentEventsModel::Flags).data().toString(),
                 QStringLiteral("policy_violation, jailbreak_detected"));
    }

    void modelPassesTheTester()
    {
        ui::RecentEventsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        std::vector<core::EventRow> rows(3);
        for (int i = 0; i < 3; ++i) {
            rows[static_cast<std::size_t>(i)].id = i + 1;
            rows[static_cast<std::size_t>(i)].kind = "llm.request";
            rows[static_cast<std::size_t>(i)].eventTime = 1'795'168'800'000'000 + i;
        }
        model.setEvents(rows);
        QCOMPARE(model.rowCount(), 3);
        model.setEvents({});
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
