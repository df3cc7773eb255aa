// The triage board on the offscreen platform: its lane model under QAbstractItemModelTester,
// and the board driven by objectName like a responder would: a card dragged across
// columns, a keyboard move, a dismissal that needs its reason, undo and redo, and the
// evidence opened on the timeline. Every decision is checked in the case file's audit log.
#include "test_support.h"
#include "gui_test_support.h"

#include "ui/case_writes.h"
#include "ui/main_window.h"
#include "ui/triage/close_alert_dialog.h"
#include "ui/triage/triage_board.h"
#include "ui/triage/triage_lane_model.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QListView>
#include <QMimeData>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QToolButton>
#include <QUndoStack>

#include <fstream>

using namespace cordon;
using ui::Lane;

namespace {

/// Makes `row` the one selected card of `view`, as a click would.
void choose(QListView *view, int row)
{
    view->setFocus();
    view->selectionModel()->setCurrentIndex(view->model()->index(row, 0), QItemSelectionModel::ClearAndSelect);
}

QString sql(const QString &path, const QString &query)
{
    return test::sqlite(path, query).out.trimmed();
}

core::AlertSummary alert(std::int64_t id, core::Severity severity, core::AlertStatus status, core::TimeUs due)
{
    core::AlertSummary a;
    a.id = id;
    a.title = "alert " + std::to_string(id);
    a.severity = severity;
    a.status = status;
    a.slaDueAt = due;
    a.criteria = {"because"};
    return a;
}

} // namespace

class TestTriageGui : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { test::isolateSettings(QStringLiteral("tst_gui_triage")); }

    void laneModelHoldsUnderTheTester()
    {
        using S = core::AlertStatus;
        using V = core::Severity;
        ui::TriageLaneModel lane(Lane::Acknowledged);
        QAbstractItemModelTester tester(&lane, QAbstractItemModelTester::FailureReportingMode::QtTest);
        std::vector<core::AlertSummary> alerts = {alert(1, V::Critical, S::Acknowledged, 100), alert(2, V::High, S::New, 50),
                                                  alert(3, V::High, S::Acknowledged, 200), alert(4, V::Low, S::Dismissed, 10)};
        ui::AlertAccountsMap accounts{{3, {{"u-1", "u-2"}, 5}}};
        lane.setAlerts(alerts, accounts, 0);
        QCOMPARE(lane.rowCount(), 2);   // only the acknowledged ones, in the order given
        QCOMPARE(lane.index(0).data(ui::TriageLaneModel::AlertIdRole).toLongLong(), 1);
        QCOMPARE(lane.index(1).data(ui::TriageLaneModel::SummaryRole).toString(), QStringLiteral("0 events · u-1, u-2 +3 more"));
        QSignalSpy reset(&lane, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&lane, &QAbstractItemModel::dataChanged);
        lane.setAlerts(alerts, accounts, 10);   // same cards: repainted, not reset
        QCOMPARE(reset.size(), 0);
        QCOMPARE(changed.size(), 1);
        alerts[1].status = S::Acknowledged;
        lane.setAlerts(alerts, accounts, 10);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(lane.rowCount(), 3);
        lane.setNow(20);
        lane.setAlerts({}, {}, 30);
        QCOMPARE(lane.rowCount(), 0);

        // Cards travel as ids; a lane takes cards from others, not its own.
        lane.setAlerts(alerts, accounts, 0);
        std::unique_ptr<QMimeData> own(lane.mimeData({lane.index(0), lane.index(2)}));
        QCOMPARE(ui::TriageLaneModel::decode(own.get()), (QList<qint64>{1, 3}));
        QVERIFY(!lane.canDropMimeData(own.get(), Qt::MoveAction, -1, -1, {}));
        ui::TriageLaneModel closed(Lane::Closed);
        closed.setAlerts(alerts, accounts, 0);
        QCOMPARE(closed.index(0).data(ui::TriageLaneModel::SlaTextRole).toString(), QString());   // no clock runs
        QVERIFY(closed.index(0).data(ui::TriageLaneModel::SummaryRole).toString().startsWith(QStringLiteral("dismissed")));
        QSignalSpy dropped(&closed, &ui::TriageLaneModel::alertsDropped);
        QVERIFY(closed.canDropMimeData(own.get(), Qt::MoveAction, -1, -1, {}));
        QVERIFY(!closed.canDropMimeData(own.get(), Qt::CopyAction, -1, -1, {}));
        QVERIFY(closed.dropMimeData(own.get(), Qt::MoveAction, -1, -1, {}));
        QCOMPARE(dropped.size(), 1);
        QCOMPARE(dropped.at(0).at(0).value<QList<qint64>>(), (QList<qint64>{1, 3}));
        QCOMPARE(closed.rowCount(), 1);   // nothing moves until the decision is committed
        QMimeData foreign;
        foreign.setText(QStringLiteral("1"));
        QVERIFY(!closed.canDropMimeData(&foreign, Qt::MoveAction, -1, -1, {}));
    }

    void aResponderWorksTheBoard()
    {
        const QString path = m_dir.filePath(QStringLiteral("board.cordon"));
        test::writeAlertCase(path, m_dir.path());
        const QString highId = sql(path, QStringLiteral("SELECT id FROM alerts WHERE rule_id = 'jailbreak_attempts'"));
        const QString criticalId = sql(path, QStringLiteral("SELECT id FROM alerts WHERE rule_id = 'auth_bypass'"));
        QVERIFY(!highId.isEmpty() && !criticalId.isEmpty());
        auto status = [&](const QString &id) { return sql(path, QStringLiteral("SELECT status FROM alerts WHERE id = ") + id); };

        ui::MainWindow window;
        window.resize(1400, 900);
        QVERIFY(test::openCase(window, path));
        QCOMPARE(test::trigger(window, "actionShowTriage"), QStringLiteral("triagePage"));
        auto *board = window.findChild<ui::TriageBoard *>(QStringLiteral("triagePage"));
        auto lane = [&](const char *name) { return window.findChild<QListView *>(QString::fromLatin1(name)); };
        QListView *fresh = lane("lane_new"), *acknowledged = lane("lane_acknowledged"), *closed = lane("lane_closed");
        QTRY_COMPARE(fresh->model()->rowCount(), 2);
        // Most severe first; the card says why it fired and whose it is.
        QCOMPARE(fresh->model()->index(0, 0).data(ui::TriageLaneModel::AlertIdRole).toString(), criticalId);
        QVERIFY(fresh->model()->index(1, 0).data(ui::TriageLaneModel::CriteriaRole).toString().contains(QStringLiteral("jailbreak")));
        QTRY_VERIFY(fresh->model()->index(1, 0).data(ui::TriageLaneModel::SummaryRole).toString().contains(QStringLiteral("u-7")));
        QTRY_VERIFY(window.findChild<QAction *>(QStringLiteral("actionAcknowledge"))->isEnabled());   // writable

        // Drag the High card onto Acknowledged: the view hands the drag's data to the
        // target model, which asks for the decision.
        std::unique_ptr<QMimeData> drag(fresh->model()->mimeData({fresh->model()->index(1, 0)}));
        QVERIFY(acknowledged->model()->canDropMimeData(drag.get(), Qt::MoveAction, -1, -1, {}));
        QVERIFY(acknowledged->model()->dropMimeData(drag.get(), Qt::MoveAction, -1, -1, {}));
        QTRY_COMPARE(acknowledged->model()->rowCount(), 1);
        QCOMPARE(fresh->model()->rowCount(), 1);
        QCOMPARE(status(highId), QStringLiteral("acknowledged"));
        QCOMPARE(sql(path, QStringLiteral("SELECT actor FROM audit WHERE action = 'alert.acknowledge'")),
                 ui::responderName());

        // Keyboard: Ctrl+Right moves the Critical card on, to Acknowledged.
        choose(fresh, 0);
        QTest::keyClick(fresh, Qt::Key_Right, Qt::ControlModifier);
        QTRY_COMPARE(acknowledged->model()->rowCount(), 2);
        QCOMPARE(status(criticalId), QStringLiteral("acknowledged"));
        QTRY_VERIFY(acknowledged->hasFocus());   // focus follows the card
        QCOMPARE(board->selectedAlerts(), QList<qint64>{criticalId.toLongLong()});
        // Left and Right change column; the selection goes with the focus.
        QTest::keyClick(acknowledged, Qt::Key_Left);
        QVERIFY(fresh->hasFocus());
        QVERIFY(!acknowledged->selectionModel()->hasSelection());
        QTest::keyClick(fresh, Qt::Key_Right);
        QVERIFY(acknowledged->hasFocus());

        // Dismiss the High card: the dialog will not take it without a reason.
        const int highRow = acknowledged->model()->index(0, 0).data(ui::TriageLaneModel::AlertIdRole).toString() == highId ? 0 : 1;
        choose(acknowledged, highRow);
        QTest::keyClick(acknowledged, Qt::Key_D);
        auto *dialog = window.findChild<ui::CloseAlertDialog *>(QStringLiteral("closeAlertDialog"));
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(dialog->findChild<QRadioButton *>(QStringLiteral("closeDismiss"))->isChecked());
        QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("closeReason")), QStringLiteral("red team exercise"));
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_COMPARE(closed->model()->rowCount(), 1);
        QCOMPARE(status(highId), QStringLiteral("dismissed"));
        QCOMPARE(sql(path, QStringLiteral("SELECT resolution_reason FROM alerts WHERE id = ") + highId),
                 QStringLiteral("red team exercise"));

        // Undo puts it back where it was, audited; redo dismisses it again.
        QAction *undo = window.findChild<QAction *>(QStringLiteral("actionUndo"));
        QCOMPARE(undo->text(), QStringLiteral("&Undo Dismiss alert #%1").arg(highId));
        undo->trigger();
        QTRY_COMPARE(closed->model()->rowCount(), 0);
        QTRY_COMPARE(acknowledged->model()->rowCount(), 2);
        QCOMPARE(status(highId), QStringLiteral("acknowledged"));
        QCOMPARE(sql(path, QStringLiteral("SELECT json_extract(detail, '$.undoes') FROM audit WHERE action = 'alert.revert'")),
                 QStringLiteral("alert.dismiss"));
        window.findChild<QAction *>(QStringLiteral("actionRedo"))->trigger();
        QTRY_COMPARE(closed->model()->rowCount(), 1);
        QCOMPARE(status(highId), QStringLiteral("dismissed"));
        // Two undos: the dismissal, then the keyboard move of the Critical alert.
        undo->trigger();
        undo->trigger();
        QTRY_COMPARE(status(criticalId), QStringLiteral("new"));
        QTRY_COMPARE(fresh->model()->rowCount(), 1);
        QCOMPARE(window.undoStack()->index(), 1);

        // Cards move forward only; a drop back on New is explained, not made.
        std::unique_ptr<QMimeData> back(acknowledged->model()->mimeData({acknowledged->model()->index(0, 0)}));
        QVERIFY(fresh->model()->dropMimeData(back.get(), Qt::MoveAction, -1, -1, {}));
        QTest::qWait(200);
        QCOMPARE(status(highId), QStringLiteral("acknowledged"));

        // Enter opens the evidence: the timeline shows exactly the events the alert cites.
        choose(acknowledged, 0);
        QTest::keyClick(acknowledged, Qt::Key_Return);
        QCOMPARE(window.findChild<QTabWidget *>(QStringLiteral("pages"))->currentWidget()->objectName(),
                 QStringLiteral("timelinePage"));
        auto *chip = window.findChild<QToolButton *>(QStringLiteral("filterAlert"));
        QVERIFY(chip->isVisible());
        QCOMPARE(chip->text(), QStringLiteral("Alert #%1 ✕").arg(highId));
        auto *timeline = window.findChild<QTableView *>(QStringLiteral("timelineView"));
        QTRY_COMPARE(timeline->model()->rowCount(), 6);
        QTest::mouseClick(chip, Qt::LeftButton);   // every event again
        QTRY_COMPARE(timeline->model()->rowCount(), 7);

        const QString audit = sql(path, QStringLiteral("SELECT group_concat(action, ' ') FROM (SELECT action FROM audit WHERE object_type = 'alert' AND action <> 'alert.raise' ORDER BY seq)"));
        QCOMPARE(audit, QStringLiteral("alert.acknowledge alert.acknowledge alert.dismiss alert.revert alert.dismiss alert.revert alert.revert"));
    }
};

QTEST_MAIN(TestTriageGui)
#include "tst_gui_triage.moc"
