// The Response and Tasks pages on the offscreen platform, driven by objectName: a circuit
// breaker switched on, approved, executed and switched off again; a playbook applied and a
// task done and undone; the regulatory clock on the overview. Every step is checked in the
// case file itself; the action model runs under QAbstractItemModelTester.
#include "alert_fixture.h"
#include "gui_test_support.h"
#include "test_support.h"

#include "ui/main_window.h"
#include "ui/response/action_table_model.h"
#include "ui/response/response_desk.h"
#include "ui/response/response_page.h"
#include "ui/response/tasks_page.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QTableView>
#include <QTreeWidget>
#include <QUndoStack>

using namespace cordon;
using Op = core::response::ActionDelivery::Operation;

namespace {

QString sql(const QString &path, const QString &query)
{
    return test::sqlite(path, query).out.trimmed();
}

} // namespace

class TestGuiResponse : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase() { test::isolateSettings(QStringLiteral("tst_gui_response")); }

    void circuitBreakerFromSwitchToRevert()
    {
        const QString path = m_dir.filePath(QStringLiteral("breaker.cordon"));
        test::writeAlertCase(path, m_dir.path());
        ui::MainWindow window;
        QVERIFY(test::openCase(window, path));
        QCOMPARE(test::trigger(window, "actionShowResponse"), QStringLiteral("responsePage"));
        ui::ResponsePage *page = window.responsePage();
        QAbstractItemModelTester tester(page->actionModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY(window.responseDesk()->writable());

        auto *toolSwitch = window.findChild<QPushButton *>(QStringLiteral("breaker_tool_execution"));
        QVERIFY(toolSwitch);
        QTRY_VERIFY(toolSwitch->isEnabled());
        QVERIFY(!toolSwitch->isChecked());
        toolSwitch->click();   // proposes opening the breaker
        QTRY_COMPARE(page->actionModel()->rowCount(), 1);
        QCOMPARE(sql(path, QStringLiteral("SELECT type || ' ' || target || ' ' || state FROM actions")),
                 QStringLiteral("agent.circuit_break all-agents proposed"));
        QVERIFY(toolSwitch->text().contains(QStringLiteral("Pending")));
        QVERIFY(!toolSwitch->isChecked());   // not in force until executed

        page->actionView()->selectRow(0);
        QCOMPARE(page->selectedActions().size(), std::size_t(1));
        QVERIFY(window.findChild<QPushButton *>(QStringLiteral("approveActions"))->isEnabled());
        QVERIFY(!window.findChild<QPushButton *>(QStringLiteral("executeActions"))->isEnabled());   // not approved yet
        page->approve(page->selectedActions());
        QTRY_COMPARE(sql(path, QStringLiteral("SELECT state FROM actions")), QStringLiteral("approved"));
        QTRY_VERIFY(window.findChild<QPushButton *>(QStringLiteral("executeActions"))->isEnabled());
        page->run(page->selectedActions(), Op::Execute, QStringLiteral("tool calls disabled in the agent gateway"));
        QTRY_COMPARE(sql(path, QStringLiteral("SELECT state FROM actions")), QStringLiteral("executed"));
        QTRY_VERIFY(toolSwitch->isChecked());
        QVERIFY(toolSwitch->text().startsWith(QStringLiteral("OPEN")));
        QVERIFY(window.findChild<QTextBrowser *>(QStringLiteral("actionDetail"))->toPlainText().contains(QStringLiteral("Close the circuit breaker")));

        page->run(page->selectedActions(), Op::Revert, QStringLiteral("tool calls back on"));
        QTRY_COMPARE(sql(path, QStringLiteral("SELECT state FROM actions")), QStringLiteral("reverted"));
        QTRY_VERIFY(!toolSwitch->isChecked());
        QCOMPARE(sql(path, QStringLiteral("SELECT group_concat(action, ' ') FROM (SELECT action FROM audit WHERE object_type = 'action' ORDER BY seq)")),
                 QStringLiteral("action.propose action.approve action.execute action.revert"));
    }

    void alertRecommendationsBecomeProposals()
    {
        const QString path = m_dir.filePath(QStringLiteral("alerts.cordon"));
        test::writeAlertCase(path, m_dir.path());
        ui::MainWindow window;
        QVERIFY(test::openCase(window, path));
        test::trigger(window, "actionShowResponse");
        QTRY_VERIFY(window.responseDesk()->writable());
        auto *fromAlerts = window.findChild<QPushButton *>(QStringLiteral("proposeAlerts"));
        QTRY_VERIFY(fromAlerts->isEnabled());
        fromAlerts->click();
        // Six jailbreak attempts by u-7: suspend u-7; the forged token: revoke and rotate.
        QTRY_VERIFY(sql(path, QStringLiteral("SELECT COUNT(*) FROM actions WHERE type = 'account.suspend' AND target = 'u-7' AND state = 'proposed'")) == QStringLiteral("1"));
        QTRY_VERIFY(window.responsePage()->actionModel()->rowCount() >= 2);
        QSignalSpy wrote(window.responseDesk(), &ui::ResponseDesk::wrote);
        fromAlerts->click();   // the same open actions are not proposed twice
        QVERIFY(wrote.wait(5000));
        QCOMPARE(sql(path, QStringLiteral("SELECT COUNT(*) FROM actions WHERE type = 'account.suspend' AND target = 'u-7'")), QStringLiteral("1"));
    }

    void playbookTasksDoneAndUndone()
    {
        const QString path = m_dir.filePath(QStringLiteral("tasks.cordon"));
        test::writeAlertCase(path, m_dir.path());
        ui::MainWindow window;
        QVERIFY(test::openCase(window, path));
        QCOMPARE(test::trigger(window, "actionShowTasks"), QStringLiteral("tasksPage"));
        QTRY_VERIFY(window.responseDesk()->writable());
        ui::TasksPage *page = window.tasksPage();
        page->applyPlaybook(QStringLiteral("jailbreak_campaign"));
        QTRY_VERIFY(page->tree()->topLevelItemCount() >= 3);
        QCOMPARE(page->tree()->topLevelItem(0)->text(0), QStringLiteral("Containment"));
        QTreeWidgetItem *first = page->tree()->topLevelItem(0)->child(0);
        const QString id = first->data(0, Qt::UserRole + 1).toString();
        page->tree()->setCurrentItem(first);
        auto *done = window.findChild<QPushButton *>(QStringLiteral("taskDone"));
        QTRY_VERIFY(done->isEnabled());
        done->click();
        const QString status = QStringLiteral("SELECT status FROM tasks WHERE id = ") + id;
        QTRY_COMPARE(sql(path, status), QStringLiteral("done"));
        QTRY_VERIFY(page->tree()->topLevelItem(0)->child(0)->text(4).startsWith(QStringLiteral("done")));
        window.undoStack()->undo();
        QTRY_COMPARE(sql(path, status), QStringLiteral("open"));
        window.undoStack()->redo();
        QTRY_COMPARE(sql(path, status), QStringLiteral("done"));
    }

    void personalDataStartsTheClockOnTheOverview()
    {
        QTemporaryDir dir;
        {
            auto file = test::caseFromEvents(dir.path(), test::personalDataLeak("u-9"), core::SystemClock::instance());
        }
        ui::MainWindow window;
        QVERIFY(test::openCase(window, dir.filePath(QStringLiteral("alerts.cordon"))));
        auto *clocks = window.findChild<QLabel *>(QStringLiteral("overviewClocks"));
        QTRY_VERIFY_WITH_TIMEOUT(clocks->isVisible(), 10000);
        QVERIFY(clocks->text().contains(QStringLiteral("GDPR Art. 33")));
        QVERIFY(clocks->text().contains(QStringLiteral("71 h")));   // 72 h from the alert, a moment ago
        QCOMPARE(sql(dir.filePath(QStringLiteral("alerts.cordon")), QStringLiteral("SELECT regime FROM regulatory_clocks")),
                 QStringLiteral("gdpr_art33"));
    }
};

QTEST_MAIN(TestGuiResponse)
#include "tst_gui_response.moc"
