// The timeline on the offscreen platform: the virtualised model under
// QAbstractItemModelTester while pages load, filters change and new events arrive, and the
// page driven by objectName like a responder would (search, filter, detail, pin, pivot).
#include "test_support.h"
#include "gui_test_support.h"

#include "core/domain/event_flags.h"
#include "core/ingest/importer.h"
#include "ui/main_window.h"
#include "ui/timeline/timeline.h"
#include "ui/timeline/timeline_model.h"
#include "ui/timeline/timeline_page.h"
#include "ui/case_writes.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QToolButton>

#include <fstream>

using namespace cordon;
using M = ui::TimelineModel;

namespace {

constexpr qint64 kT0 = 1'795'132'800;   // 2026-11-20T00:00:00Z, seconds

/// `n` events ten seconds apart from `first` on: four accounts, three kinds, one in ten
/// prompts about a refund, one in six flagged as a jailbreak.
void writeEvents(const QString &path, int first, int n)
{
    std::ofstream out(test::str(path));
    const char *kinds[] = {"llm.request", "llm.response", "tool.call"};
    for (int i = first; i < first + n; ++i) {
        nlohmann::json e = {{"time", kT0 + i * 10}, {"kind", kinds[i % 3]}, {"id", "ev-" + std::to_string(i)},
                            {"account", "acct-" + std::to_string(i % 4)},
                            {"session", "s-" + std::to_string(i % 4) + "-" + std::to_string(i / 100)},
                            {"source_ip", "203.0.113." + std::to_string(i % 5)},
                            {"prompt", i % 10 == 0 ? "please issue a refund now" : "summarise the quarterly report"}};
        if (i % 6 == 0)
            e["flags"] = {"jailbreak_detected"};
        out << e.dump() << '\n';
    }
}

void import(core::CaseFile &file, const QString &events)
{
    QVERIFY(core::Importer(file, core::SystemClock::instance()).run({test::str(events)}).ok());
}

} // namespace

class TestTimelineGui : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { test::isolateSettings(QStringLiteral("tst_gui_timeline")); }

    void modelHoldsUnderTheTesterWhileEverythingChanges()
    {
        const QString path = m_dir.filePath(QStringLiteral("model.cordon")), events = m_dir.filePath(QStringLiteral("a.jsonl"));
        writeEvents(events, 0, 1200);
        auto file = test::newCase(path);
        import(*file, events);

        ui::Timeline timeline;
        QAbstractItemModelTester tester(timeline.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        M *model = timeline.model();
        timeline.open(path);
        QTRY_VERIFY_WITH_TIMEOUT(timeline.complete(), 10000);
        QCOMPARE(model->rowCount(), 1200);
        // A row far from the first page is a placeholder until its page arrives.
        const QModelIndex far = model->index(700, M::Account);
        QVERIFY(!far.data(M::LoadedRole).toBool());
        QCOMPARE(far.data().toString(), QString());   // painting it asks for its page
        QTRY_VERIFY(far.data(M::LoadedRole).toBool());
        const int i = 1199 - 700;   // newest first
        QCOMPARE(far.data().toString(), QStringLiteral("acct-%1").arg(i % 4));
        QCOMPARE(model->index(700, M::Text).data().toString(),
                 QString::fromLatin1(i % 10 == 0 ? "please issue a refund now" : "summarise the quarterly report"));

        core::TimelineFilter f;
        f.account = "acct-2";
        f.flags = core::JailbreakDetected;
        timeline.setFilter(f);
        QTRY_COMPARE(model->rowCount(), 100);   // i ≡ 2 (mod 4) and i ≡ 0 (mod 6): i ≡ 6 (mod 12)
        model->setOldestFirst(true);
        model->index(99, 0).data();
        QTRY_VERIFY(model->index(0, 0).data(M::LoadedRole).toBool() && model->index(99, 0).data(M::LoadedRole).toBool());
        QVERIFY(model->index(0, 0).data(M::EventTimeRole).toLongLong() < model->index(99, 0).data(M::EventTimeRole).toLongLong());
        QCOMPARE(model->index(0, M::Account).data().toString(), QStringLiteral("acct-2"));
        model->setOldestFirst(false);

        // New events: with the writer still this test's, import more and refresh; they are
        // inserted in front rather than the list being replaced.
        const QString more = m_dir.filePath(QStringLiteral("b.jsonl"));
        writeEvents(more, 1200, 120);
        import(*file, more);
        QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(model, &QAbstractItemModel::modelReset);
        timeline.refresh();
        QTRY_COMPARE(inserted.count(), 1);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 9);   // ten more of i ≡ 6 (mod 12) in 1200..1319
        QCOMPARE(model->rowCount(), 110);

        // A text filter that matches nothing, then none at all.
        f = {};
        f.text = "nosuchwordanywhere";
        timeline.setFilter(f);
        QTRY_COMPARE(model->rowCount(), 0);
        timeline.setFilter({});
        QTRY_COMPARE(model->rowCount(), 1320);
        timeline.close();
        QCOMPARE(model->rowCount(), 0);
    }

    void newEventsDoNotMoveWhatTheReaderIsReading()
    {
        const QString path = m_dir.filePath(QStringLiteral("place.cordon")), events = m_dir.filePath(QStringLiteral("p.jsonl"));
        writeEvents(events, 0, 2000);
        auto file = test::newCase(path);
        import(*file, events);
        ui::CaseWrites writes;
        ui::TimelinePage page(writes);
        page.resize(1200, 700);
        page.show();
        page.open(path);
        QTableView *view = page.view();
        QTRY_VERIFY_WITH_TIMEOUT(page.timeline()->complete(), 10000);
        view->scrollTo(view->model()->index(500, 0), QAbstractItemView::PositionAtTop);
        QApplication::processEvents();
        const int topRow = view->rowAt(0);
        QVERIFY(topRow > 400);
        const qint64 topId = view->model()->index(topRow, 0).data(M::EventIdRole).toLongLong();

        const QString more = m_dir.filePath(QStringLiteral("q.jsonl"));
        writeEvents(more, 2000, 50);
        import(*file, more);
        QSignalSpy inserted(view->model(), &QAbstractItemModel::rowsInserted);
        page.refresh();
        QTRY_COMPARE(inserted.count(), 1);
        QApplication::processEvents();
        QCOMPARE(view->model()->rowCount(), 2050);
        QCOMPARE(view->model()->index(view->rowAt(0), 0).data(M::EventIdRole).toLongLong(), topId);

        // At the top, the list follows the feed instead.
        view->scrollToTop();
        writeEvents(more, 2050, 5);
        import(*file, more);
        page.refresh();
        QTRY_COMPARE(view->model()->rowCount(), 2055);
        QApplication::processEvents();
        QCOMPARE(view->rowAt(0), 0);
        QCOMPARE(view->model()->index(0, M::EventTime).data(M::EventTimeRole).toLongLong(), (kT0 + 2054 * 10) * 1'000'000);
    }

    void searchFilterPinAndPivotInTheWindow()
    {
        const QString path = m_dir.filePath(QStringLiteral("window.cordon")), events = m_dir.filePath(QStringLiteral("w.jsonl"));
        writeEvents(events, 0, 1200);
        {
            auto file = test::newCase(path);
            import(*file, events);
        }
        ui::MainWindow window;
        window.resize(1400, 900);
        QVERIFY(test::openCase(window, path));
        QCOMPARE(test::trigger(window, "actionShowTimeline"), QStringLiteral("timelinePage"));
        auto *view = window.findChild<QTableView *>(QStringLiteral("timelineView"));
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1200, 10000);

        // Ctrl+F goes to the search field; words search prompts and outputs.
        window.findChild<QAction *>(QStringLiteral("actionSearchTimeline"))->trigger();
        auto *search = window.findChild<QLineEdit *>(QStringLiteral("timelineSearch"));
        QVERIFY(search->hasFocus());
        QTest::keyClicks(search, QStringLiteral("refund"));
        QTest::keyClick(search, Qt::Key_Return);
        QTRY_COMPARE(view->model()->rowCount(), 120);
        QTRY_VERIFY(window.findChild<QLabel *>(QStringLiteral("timelineStatus"))->text().startsWith(QStringLiteral("120 of 1,200")));

        auto *account = window.findChild<QLineEdit *>(QStringLiteral("filterAccount"));
        QTest::keyClicks(account, QStringLiteral("acct-0"));
        QTest::keyClick(account, Qt::Key_Return);
        QTRY_COMPARE(view->model()->rowCount(), 60);   // i ≡ 0 (mod 10) and (mod 4): i ≡ 0 (mod 20)

        // The detail pane shows the selected event with its payload as it arrived.
        view->setFocus();
        view->selectRow(0);
        auto *detail = window.findChild<QTextBrowser *>(QStringLiteral("eventDetailText"));
        QTRY_VERIFY(detail->toPlainText().contains(QStringLiteral("\"id\": \"ev-1180\"")));
        QVERIFY(detail->toPlainText().contains(QStringLiteral("please issue a refund now")));

        // Pin it with a note: written through the case's writer, audited.
        auto *note = window.findChild<QLineEdit *>(QStringLiteral("pinNote"));
        QTRY_VERIFY(note->isEnabled());
        QTest::keyClicks(note, QStringLiteral("refund fraud starts here"));
        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("pinEvent")), Qt::LeftButton);
        QTRY_VERIFY(window.findChild<QPushButton *>(QStringLiteral("unpinEvent"))->isVisible());
        QVERIFY(detail->toPlainText().contains(QStringLiteral("refund fraud starts here")));
        QTRY_COMPARE(test::sqlite(path, QStringLiteral("SELECT body FROM notes WHERE event_id IS NOT NULL")).out.trimmed(),
                     QStringLiteral("refund fraud starts here"));
        QCOMPARE(test::sqlite(path, QStringLiteral("SELECT count(*) FROM audit WHERE action = 'note.pin'")).out.trimmed(),
                 QStringLiteral("1"));

        // Pivot: the timeline of this event's session alone.
        QTest::mouseClick(window.findChild<QToolButton *>(QStringLiteral("pivotSession")), Qt::LeftButton);
        QCOMPARE(window.findChild<QLineEdit *>(QStringLiteral("filterSession"))->text(), QStringLiteral("s-0-11"));
        QVERIFY(account->text().isEmpty() && search->text().isEmpty());
        QTRY_COMPARE(view->model()->rowCount(), 25);   // i in 1100..1199 with i ≡ 0 (mod 4)
    }
};

QTEST_MAIN(TestTimelineGui)
#include "tst_gui_timeline.moc"
