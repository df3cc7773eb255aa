// The Investigate page on the offscreen platform: the lazy account tree under
// QAbstractItemModelTester while its levels arrive from the reader thread, and the
// drill-down a responder makes: from an alert on the triage board to the prompts of its
// account, then back out to the timeline and, with Back, to where they were.
#include "test_support.h"
#include "gui_test_support.h"

#include "ui/case_reads.h"
#include "ui/investigate/account_tree_model.h"
#include "ui/investigate/investigate_page.h"
#include "ui/triage/triage_lane_model.h"

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QTableView>
#include <QTextBrowser>
#include <QTreeView>

using namespace cordon;
using Tree = ui::AccountTreeModel;

class TestInvestigateGui : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { test::isolateSettings(QStringLiteral("tst_gui_investigate")); }

    void treeHoldsUnderTheTesterWhileItLoads()
    {
        const QString path = m_dir.filePath(QStringLiteral("tree.cordon"));
        test::writeAlertCase(path, m_dir.path());
        ui::CaseReads reads;
        reads.open(path);
        Tree model(reads);
        QVERIFY(model.canFetchMore({}));
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.fetchMore({});   // the tester asked for the first page already
        QVERIFY(!model.canFetchMore({}));   // one read at a time
        QTRY_COMPARE(model.rowCount(), 2);   // svc-reporting and u-7
        QVERIFY(!model.canFetchMore({}));    // a short page was the last

        QModelIndex u7;
        for (int r = 0; r < model.rowCount(); ++r) {
            if (model.index(r, 0).data().toString() == QLatin1String("u-7"))
                u7 = model.index(r, 0);
        }
        QVERIFY(u7.isValid());
        QVERIFY(model.hasChildren(u7));   // unknown until opened
        model.fetchMore(u7);
        QTRY_COMPARE(model.rowCount(u7), 1);
        const QModelIndex noSession = model.index(0, 0, u7);
        QCOMPARE(noSession.data().toString(), QStringLiteral("(no session)"));
        QVERIFY(model.index(0, Tree::Summary, u7).data().toString().startsWith(QStringLiteral("6 events · jailbreak_detected")));
        model.fetchMore(noSession);
        QTRY_COMPARE(model.rowCount(noSession), 6);
        for (int r = 0; r < 6; ++r)   // every event with its own prompt, in event-time order
            QCOMPARE(model.index(r, Tree::Summary, noSession).data().toString(), QStringLiteral("attempt %1").arg(r));
        QVERIFY(!model.hasChildren(model.index(0, 0, noSession)));

        // An account read by name before its page: added once, not again with the page.
        model.reset();
        QModelIndex found;
        model.findAccount(QStringLiteral("u-7"), [&](const QModelIndex &i) { found = i; });
        QTRY_VERIFY(found.isValid());
        model.fetchMore({});
        QTRY_VERIFY(!model.canFetchMore({}) && model.rowCount() == 2);
        bool missing = true;
        model.findAccount(QStringLiteral("nobody"), [&](const QModelIndex &i) { missing = !i.isValid(); });
        QTRY_VERIFY(missing);
    }

    void drillDownFromAnAlertToThePromptsAndBack()
    {
        const QString path = m_dir.filePath(QStringLiteral("drill.cordon"));
        test::writeAlertCase(path, m_dir.path());
        ui::MainWindow window;
        window.resize(1400, 900);
        QVERIFY(test::openCase(window, path));
        QCOMPARE(test::trigger(window, "actionShowTriage"), QStringLiteral("triagePage"));
        auto *fresh = window.findChild<QListView *>(QStringLiteral("lane_new"));
        QTRY_COMPARE(fresh->model()->rowCount(), 2);
        // The High alert is about u-7: I opens its account.
        int high = 0;
        while (!fresh->model()->index(high, 0).data(ui::TriageLaneModel::CriteriaRole).toString().contains(u"jailbreak"))
            ++high;
        fresh->setFocus();
        fresh->selectionModel()->setCurrentIndex(fresh->model()->index(high, 0), QItemSelectionModel::ClearAndSelect);
        QTRY_VERIFY(window.findChild<QAction *>(QStringLiteral("actionInvestigateAccount"))->isEnabled());
        QTest::keyClick(fresh, Qt::Key_I);
        QCOMPARE(window.findChild<QTabWidget *>(QStringLiteral("pages"))->currentWidget()->objectName(),
                 QStringLiteral("investigatePage"));

        // The account is selected and opened down to its first session's events.
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("accountTree"));
        QTRY_COMPARE(tree->currentIndex().data().toString(), QStringLiteral("u-7"));
        auto *detail = window.findChild<QTextBrowser *>(QStringLiteral("investigateDetail"));
        QTRY_VERIFY(detail->toPlainText().contains(QStringLiteral("u-7")));
        const QModelIndex account = tree->currentIndex();
        QTRY_VERIFY(tree->isExpanded(account));
        QTRY_COMPARE(tree->model()->rowCount(account), 1);   // the sessions arrive from the reader
        const QModelIndex session = tree->model()->index(0, 0, account);
        QTRY_VERIFY(tree->isExpanded(session));
        QTRY_COMPARE(tree->model()->rowCount(session), 6);

        // An event: its prompt in full.
        tree->setCurrentIndex(tree->model()->index(4, 0, session));
        QTRY_VERIFY(detail->toPlainText().contains(QStringLiteral("attempt 4")));
        QVERIFY(detail->toPlainText().contains(QStringLiteral("jailbreak_detected")));
        // Beneath it, in place, every event of the case in the ± 15 min around it, oldest
        // first: the svc-reporting token, then u-7's six attempts (in bold, the selection's).
        auto *around = window.findChild<QTableView *>(QStringLiteral("windowView"));
        QTRY_COMPARE(around->model()->rowCount(), 7);
        QCOMPARE(around->model()->index(0, 2).data().toString(), QStringLiteral("svc-reporting"));
        QCOMPARE(around->model()->index(6, 3).data().toString(), QStringLiteral("attempt 5"));
        QVERIFY(around->model()->index(6, 0).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(!around->model()->index(0, 0).data(Qt::FontRole).value<QFont>().bold());

        // Pivot back out: the timeline of this account.
        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("pivotTimeline")), Qt::LeftButton);
        QCOMPARE(window.findChild<QTabWidget *>(QStringLiteral("pages"))->currentWidget()->objectName(),
                 QStringLiteral("timelinePage"));
        QCOMPARE(window.findChild<QLineEdit *>(QStringLiteral("filterAccount"))->text(), QStringLiteral("u-7"));
        auto *timeline = window.findChild<QTableView *>(QStringLiteral("timelineView"));
        QTRY_COMPARE(timeline->model()->rowCount(), 6);
        // Back returns to the drill-down, then to the board.
        QCOMPARE(test::trigger(window, "actionBack"), QStringLiteral("investigatePage"));
        QCOMPARE(test::trigger(window, "actionBack"), QStringLiteral("triagePage"));

        // ± 15 min around an event: every event of the case in that window (all 7 here).
        test::trigger(window, "actionShowInvestigate");
        tree->setCurrentIndex(tree->model()->index(0, 0, session));
        QTRY_VERIFY(detail->toPlainText().contains(QStringLiteral("attempt 0")));
        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("pivotWindow")), Qt::LeftButton);
        QVERIFY(window.findChild<QLineEdit *>(QStringLiteral("filterAccount"))->text().isEmpty());
        QTRY_COMPARE(timeline->model()->rowCount(), 7);
    }
};

QTEST_MAIN(TestInvestigateGui)
#include "tst_gui_investigate.moc"
