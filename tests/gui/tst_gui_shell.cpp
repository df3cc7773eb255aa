// The window around the pages on the offscreen platform: the command palette (Ctrl+K)
// jumping to pages, alerts and entities the case holds.
#include "test_support.h"
#include "gui_test_support.h"

#include "ui/main_window.h"
#include "ui/shell/command_palette.h"
#include "ui/timeline/timeline.h"
#include "ui/timeline/timeline_page.h"
#include "ui/triage/triage_board.h"

#include <QLineEdit>
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
};

QTEST_MAIN(TestShell)
#include "tst_gui_shell.moc"
