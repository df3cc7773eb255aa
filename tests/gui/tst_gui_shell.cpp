// The window around the pages on the offscreen platform: the command palette (Ctrl+K)
// jumping to pages, alerts and entities the case holds; feed files dropped on the window
// imported with progress and cancel (checked against the case file); recent case files.
#include "test_support.h"
#include "gui_test_support.h"

#include "core/util/log.h"
#include "ui/main_window.h"
#include "ui/shell/appearance.h"
#include "ui/shell/audit_dock.h"
#include "ui/shell/command_palette.h"
#include "ui/shell/file_import.h"
#include "ui/timeline/timeline.h"
#include "ui/timeline/timeline_page.h"
#include "ui/triage/triage_board.h"

#include <QAbstractItemModelTester>
#include <QChartView>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextBrowser>
#include <QMenu>
#include <QMimeData>
#include <QProgressDialog>
#include <QPushButton>
#include <QStatusBar>
#include <QListWidget>
#include <QTableView>
#include <QTest>
#include <QTreeView>

using namespace cordon;

namespace {

/// Opens the palette with its shortcut's action, types `text` and waits for a row that
/// starts with `row`; true once it is the current row.
bool choose(ui::MainWindow &window, const QString &text, const QString &row)
{
    window.findChild<QAction *>(QStringLiteral("actionCommandPalette"))->trigger();
    ui::CommandPalette *palette = window.commandPalette();
    if (!palette->isVisible())
        return false;
    QTest::keyClicks(palette->input(), text);
    QListWidget *list = palette->list();
    auto find = [list, &row] {
        for (int i = 0; i < list->count(); ++i) {
            if (list->item(i)->text().startsWith(row))
                return i;
        }
        return -1;
    };
    if (!QTest::qWaitFor([&] { return find() >= 0; }, 5000))
        return false;
    // Down from the top, as a user would.
    while (list->currentRow() < find())
        QTest::keyClick(palette->input(), Qt::Key_Down);
    return list->currentItem()->text().startsWith(row);
}

/// Drops local files on the window as a file manager would.
void drop(ui::MainWindow &window, const QStringList &paths)
{
    QMimeData data;
    QList<QUrl> urls;
    for (const QString &p : paths)
        urls << QUrl::fromLocalFile(p);
    data.setUrls(urls);
    const QPoint at = window.rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent dropped(QPointF(at), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &dropped);
}

qint64 events(const QString &casePath)
{
    return test::sqlite(casePath, QStringLiteral("SELECT COUNT(*) FROM events")).out.trimmed().toLongLong();
}

QString page(ui::MainWindow &window)
{
    return window.findChild<QTabWidget *>(QStringLiteral("pages"))->currentWidget()->objectName();
}

} // namespace

class TestShell : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;

private slots:
    void initTestCase()
    {
        test::isolateSettings(QStringLiteral("tst_gui_shell"));
        m_path = m_dir.filePath(QStringLiteral("shell.cordon"));
        test::writeAlertCase(m_path, m_dir.path());
    }

    void paletteJumpsToPagesAlertsAndEntities()
    {
        ui::MainWindow window;
        QVERIFY(test::openCase(window, m_path));
        ui::CommandPalette *palette = window.commandPalette();

        // A page, by words of its menu entry in any order.
        QVERIFY(choose(window, QStringLiteral("board triage"), QStringLiteral("Triage Board")));
        QVERIFY(palette->list()->currentItem()->text().contains(QKeySequence(Qt::CTRL | Qt::Key_3).toString(QKeySequence::NativeText)));
        QTest::keyClick(palette->input(), Qt::Key_Return);
        QVERIFY(!palette->isVisible());
        QCOMPARE(page(window), QStringLiteral("triagePage"));

        // An alert: opened on the board, selected.
        window.showPage(ui::MainWindow::OverviewPageIndex);
        QVERIFY(choose(window, QStringLiteral("jailbreak"), QStringLiteral("Alert #")));
        const qint64 id = palette->list()->currentItem()->text().section(QLatin1Char('#'), 1).section(QLatin1Char(' '), 0, 0).toLongLong();
        QTest::keyClick(palette->input(), Qt::Key_Return);
        QCOMPARE(page(window), QStringLiteral("triagePage"));
        QCOMPARE(window.triageBoard()->selectedAlerts(), QList<qint64>{id});

        // An account, found in the case by part of its name: opened on Investigate.
        QVERIFY(choose(window, QStringLiteral("REPORT"), QStringLiteral("Account svc-reporting")));
        QTest::keyClick(palette->input(), Qt::Key_Return);
        QCOMPARE(page(window), QStringLiteral("investigatePage"));
        auto *tree = window.findChild<QTreeView *>(QStringLiteral("accountTree"));
        QTRY_COMPARE(tree->currentIndex().data().toString(), QStringLiteral("svc-reporting"));

        // Words: a full-text search of prompts and outputs.
        QVERIFY(choose(window, QStringLiteral("attempt"), QStringLiteral("Search prompts and outputs")));
        QTest::keyClick(palette->input(), Qt::Key_Return);
        QCOMPARE(page(window), QStringLiteral("timelinePage"));
        QCOMPARE(window.timelinePage()->timeline()->filter().text, std::string("attempt"));
        QTRY_COMPARE(window.timelinePage()->view()->model()->rowCount(), 6);

        // Escape leaves everything as it was.
        window.findChild<QAction *>(QStringLiteral("actionCommandPalette"))->trigger();
        QVERIFY(palette->isVisible());
        QTest::keyClick(palette->input(), Qt::Key_Escape);
        QVERIFY(!palette->isVisible());
        QCOMPARE(page(window), QStringLiteral("timelinePage"));
    }

    /// A dropped file of JSON lines goes in through the case's writer; bad lines become dead
    /// letters and are counted, good ones are stored once.
    void droppedFeedFileIsImported()
    {
        const QString path = m_dir.filePath(QStringLiteral("import.cordon"));
        test::writeAlertCase(path, m_dir.path());
        const QString feed = m_dir.filePath(QStringLiteral("gateway.jsonl"));
        {
            QFile f(feed);
            QVERIFY(f.open(QIODevice::WriteOnly));
            for (int i = 0; i < 40; ++i)
                f.write(QStringLiteral("{\"time\":\"2026-11-20T02:%1:00Z\",\"kind\":\"llm.request\",\"account\":\"drop-%2\",\"prompt\":\"hello %1\"}\n")
                            .arg(i % 60, 2, 10, QLatin1Char('0')).arg(i % 4).toUtf8());
            f.write("{not json\n");
            f.write("\n");
        }
        const qint64 before = events(path);
        ui::MainWindow window;
        QVERIFY(test::openCase(window, path));
        QTRY_VERIFY_WITH_TIMEOUT(window.findChild<QAction *>(QStringLiteral("actionImportFile"))->isEnabled(), 5000);
        QSignalSpy finished(window.fileImport(), &ui::FileImport::finished);
        drop(window, {feed});
        QVERIFY(finished.wait(20000));
        const auto result = finished.at(0).at(0).value<ui::FileImport::Result>();
        QCOMPARE(result.accepted, 40);
        QCOMPARE(result.rejected, 1);
        QVERIFY(!result.cancelled);
        QVERIFY(result.error.isEmpty());
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("40 events stored, 1 rejected")),
                 qPrintable(window.statusBar()->currentMessage()));
        QCOMPARE(events(path), before + 40);
        QCOMPARE(test::sqlite(path, QStringLiteral("SELECT COUNT(*) FROM dead_letters WHERE locator LIKE 'gateway.jsonl%'")).out.trimmed(),
                 QStringLiteral("1"));

        // The same file again: nothing new, every record a duplicate.
        finished.clear();
        drop(window, {feed});
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.at(0).at(0).value<ui::FileImport::Result>().duplicates, 40);
        QCOMPARE(events(path), before + 40);
    }

    /// A large file can be cancelled part way: what was committed stays, exactly what the
    /// import reported, and the case takes the next writes as usual.
    void largeImportShowsProgressAndCancels()
    {
        const QString path = m_dir.filePath(QStringLiteral("cancel.cordon"));
        test::newCase(path);
        const QString feed = m_dir.filePath(QStringLiteral("big.jsonl"));
        {
            QFile f(feed);
            QVERIFY(f.open(QIODevice::WriteOnly));
            const QByteArray pad(120, 'x');
            for (int i = 0; i < 150'000; ++i)
                f.write(QStringLiteral("{\"time\":%1,\"kind\":\"llm.request\",\"account\":\"a-%2\",\"prompt\":\"%3 %4\"}\n")
                            .arg(1'795'000'000 + i).arg(i % 50).arg(QLatin1String(pad)).arg(i).toUtf8());
        }
        ui::MainWindow window;
        QVERIFY(test::openCase(window, path));
        QSignalSpy progress(window.fileImport(), &ui::FileImport::progress);
        QSignalSpy finished(window.fileImport(), &ui::FileImport::finished);
        QTRY_VERIFY_WITH_TIMEOUT(window.findChild<QAction *>(QStringLiteral("actionImportFile"))->isEnabled(), 5000);
        window.importFiles({feed});
        auto *dialog = window.findChild<QProgressDialog *>(QStringLiteral("importProgress"));
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(dialog->labelText().contains(QStringLiteral("big.jsonl")));
        QVERIFY(progress.wait(20000));
        QTRY_VERIFY(dialog->value() > 0);
        QTest::mouseClick(dialog->findChild<QPushButton *>(), Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        const auto result = finished.at(0).at(0).value<ui::FileImport::Result>();
        QVERIFY(result.cancelled);
        QVERIFY(result.accepted > 0);
        QVERIFY(result.accepted < 150'000);
        QVERIFY(!dialog->isVisible());
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("cancelled")));
        QCOMPARE(events(path), result.accepted);
    }

    /// Dropping a case file opens it; every case shown goes to the top of Open Recent.
    void droppedCaseOpensAndIsRemembered()
    {
        ui::MainWindow window;
        QVERIFY(test::openCase(window, m_path));
        const QString other = m_dir.filePath(QStringLiteral("other.cordon"));
        test::newCase(other, "Other incident");
        QSignalSpy shown(&window, &ui::MainWindow::caseShown);
        drop(window, {other});
        QVERIFY(shown.wait(10000));
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("Other incident")));
        const QStringList recent = ui::MainWindow::recentCases();
        QCOMPARE(recent.value(0), QFileInfo(other).absoluteFilePath());
        QCOMPARE(recent.value(1), QFileInfo(m_path).absoluteFilePath());
        auto *menu = window.findChild<QMenu *>(QStringLiteral("recentMenu"));
        Q_EMIT menu->aboutToShow();
        QVERIFY(menu->actions().value(0)->text().contains(QStringLiteral("other.cordon")));
        // Choosing the second entry opens that case again.
        shown.clear();
        menu->actions().value(1)->trigger();
        QVERIFY(shown.wait(10000));
        QCOMPARE(ui::MainWindow::recentCases().value(0), QFileInfo(m_path).absoluteFilePath());
        // A file that is gone stays listed but cannot be chosen.
        QFile::remove(other);
        Q_EMIT menu->aboutToShow();
        const QList<QAction *> entries = menu->actions();
        const auto gone = std::find_if(entries.begin(), entries.end(), [](QAction *a) { return a->text().contains(QStringLiteral("other.cordon")); });
        QVERIFY(gone != entries.end());
        QVERIFY(!(*gone)->isEnabled());
    }

    /// The docks: a note written with Ctrl+Return is stored, listed and audited; the audit
    /// log shows it and the chain verifies; what the subsystems log reaches the Log dock.
    void docksShowNotesAuditAndLog()
    {
        const QString path = m_dir.filePath(QStringLiteral("docks.cordon"));
        test::writeAlertCase(path, m_dir.path());
        ui::MainWindow window;
        QVERIFY(test::openCase(window, path));
        window.findChild<QAction *>(QStringLiteral("actionToggleNotes"))->trigger();
        auto *notes = window.findChild<QDockWidget *>(QStringLiteral("notesDock"));
        QVERIFY(notes->isVisible());
        auto *input = window.findChild<QPlainTextEdit *>(QStringLiteral("noteInput"));
        QTRY_VERIFY_WITH_TIMEOUT(!input->isReadOnly(), 5000);
        input->setFocus();
        QTest::keyClicks(input, QStringLiteral("Legal informed at 03:10"));
        QTest::keyClick(input, Qt::Key_Return, Qt::ControlModifier);
        auto *view = window.findChild<QTextBrowser *>(QStringLiteral("notesView"));
        QTRY_VERIFY_WITH_TIMEOUT(view->toPlainText().contains(QStringLiteral("Legal informed at 03:10")), 5000);
        QVERIFY(input->toPlainText().isEmpty());
        QCOMPARE(test::sqlite(path, QStringLiteral("SELECT body FROM notes")).out.trimmed(), QStringLiteral("Legal informed at 03:10"));

        window.findChild<QAction *>(QStringLiteral("actionToggleAudit"))->trigger();
        QVERIFY(window.findChild<QDockWidget *>(QStringLiteral("auditDock"))->isVisible());
        auto *audit = window.findChild<QTableView *>(QStringLiteral("auditView"));
        QTRY_COMPARE_WITH_TIMEOUT(audit->model()->index(0, 3).data().toString(), QStringLiteral("note.add"), 5000);
        QCOMPARE(audit->model()->rowCount(), test::sqlite(path, QStringLiteral("SELECT COUNT(*) FROM audit")).out.trimmed().toInt());
        {
            // The same model under the tester, filled again with what it shows.
            auto *model = window.findChild<ui::AuditDock *>(QStringLiteral("auditDock"))->model();
            QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
            std::vector<core::AuditEntry> entries(2);
            entries[0].seq = 2;
            entries[0].action = "note.add";
            entries[1].seq = 1;
            entries[1].detail = "{}";
            model->setEntries(entries);
            QCOMPARE(model->index(0, ui::AuditModel::Action).data().toString(), QStringLiteral("note.add"));
            QCOMPARE(model->index(1, ui::AuditModel::Detail).data().toString(), QString());   // nothing to say
            QVERIFY(model->index(0, 0).data(Qt::ToolTipRole).toString().startsWith(QStringLiteral("Entry 2, hash ")));
        }
        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("verifyChain")), Qt::LeftButton);
        auto *verdict = window.findChild<QLabel *>(QStringLiteral("chainVerdict"));
        QTRY_VERIFY_WITH_TIMEOUT(verdict->text().startsWith(QStringLiteral("✓ Chain verified")), 10000);

        window.findChild<QAction *>(QStringLiteral("actionToggleLog"))->trigger();
        core::logger("ingest")->warn("feed {} is behind", "gateway");
        auto *log = window.findChild<QPlainTextEdit *>(QStringLiteral("logView"));
        QTRY_VERIFY(log->toPlainText().contains(QStringLiteral("[ingest] feed gateway is behind")));
        // The same key again puts the dock away.
        window.findChild<QAction *>(QStringLiteral("actionToggleLog"))->trigger();
        QVERIFY(!window.findChild<QDockWidget *>(QStringLiteral("logDock"))->isVisible());
    }

    /// Dark and light on demand: the whole application repaints, charts included, and the
    /// choice is remembered.
    void appearanceSwitchesLightAndDark()
    {
        ui::MainWindow window;
        QVERIFY(test::openCase(window, m_path));
        auto *chart = window.findChild<QChartView *>(QStringLiteral("severityChart"));
        window.findChild<QAction *>(QStringLiteral("actionAppearanceDark"))->trigger();
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 128);
        QTRY_VERIFY(chart->chart()->backgroundBrush().color().lightness() < 128);
        QCOMPARE(ui::storedAppearance(), ui::Appearance::Dark);
        window.findChild<QAction *>(QStringLiteral("actionAppearanceLight"))->trigger();
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() >= 128);
        QTRY_VERIFY(chart->chart()->backgroundBrush().color().lightness() >= 128);
        QCOMPARE(ui::storedAppearance(), ui::Appearance::Light);
    }
};

QTEST_MAIN(TestShell)
#include "tst_gui_shell.moc"
