// The Feeds dock on the offscreen platform: a stored feed starts with the case, a real HTTP
// delivery over loopback reaches the window, and start/stop/edit are written to the case.
#include "test_support.h"
#include "gui_test_support.h"

#include "ui/feed_controller.h"
#include "ui/feed_dialog.h"
#include "ui/feeds_model.h"
#include "ui/main_window.h"
#include "ui/timeline/timeline_model.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>

using namespace cordon;
using namespace Qt::StringLiterals;

namespace {

QString cell(QAbstractItemModel *model, int row, int column)
{
    return model->index(row, column).data().toString();
}

/// One HTTP POST over loopback; the status code of the answer.
int post(quint16 port, const QByteArray &body)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return 0;
    socket.write("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                 + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    QByteArray answer;
    // The receiver lives on the window's feeds thread; this thread just waits.
    while (!answer.contains("\r\n\r\n") && socket.waitForReadyRead(10000))
        answer += socket.readAll();
    return answer.mid(9, 3).toInt();
}

} // namespace

class TestGuiFeeds : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { test::isolateSettings(QStringLiteral("tst_gui_feeds")); }

    void storedFeedRunsAndDeliversIntoTheWindow()
    {
        const QString path = m_dir.filePath(u"feeds.cordon"_s);
        QCOMPARE(test::cli({u"new"_s, path, u"--title"_s, u"Live"_s}).exitCode, 0);
        QCOMPARE(test::cli({u"feeds"_s, path, u"add"_s, u"hooks"_s, u"--http"_s, u"127.0.0.1:0"_s}).exitCode, 0);

        ui::MainWindow window;
        QVERIFY(test::openCase(window, path));
        auto *view = window.findChild<QTableView *>(u"feedsView"_s);
        QVERIFY(view);
        QAbstractItemModel *model = view->model();
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(cell(model, 0, ui::FeedsModel::Name), u"hooks"_s);
        // Enabled feeds start with the case; the dock says where it listens.
        QTRY_COMPARE_WITH_TIMEOUT(cell(model, 0, ui::FeedsModel::State), u"Running"_s, 10000);
        const auto match = QRegularExpression(u"listening on http://127\\.0\\.0\\.1:(\\d+)"_s)
                               .match(cell(model, 0, ui::FeedsModel::Detail));
        QVERIFY2(match.hasMatch(), qPrintable(cell(model, 0, ui::FeedsModel::Detail)));
        const auto port = static_cast<quint16>(match.captured(1).toUInt());

        // A real delivery, answered after its commit; the window pulls it in by itself.
        QByteArray body;
        for (int i = 0; i < 3; ++i)
            body += "{\"time\":\"2026-11-20T01:00:0" + QByteArray::number(i) + "Z\",\"kind\":\"llm.request\",\"id\":\"e"
                    + QByteArray::number(i) + "\",\"account\":\"u-1\",\"prompt\":\"hello " + QByteArray::number(i) + "\"}\n";
        QCOMPARE(post(port, body), 200);
        QTRY_COMPARE_WITH_TIMEOUT(window.findChild<QLabel *>(u"eventCount"_s)->text(), QLocale().toString(3), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(cell(model, 0, ui::FeedsModel::Accepted), QLocale().toString(3), 5000);
        // The timeline takes the new events in without being reloaded.
        auto *events = window.findChild<QTableView *>(u"timelineView"_s);
        QTRY_COMPARE_WITH_TIMEOUT(events->model()->rowCount(), 3, 5000);
        QTRY_COMPARE(events->model()->index(0, 0).data(ui::TimelineModel::EventIdRole).toLongLong(), 3LL);   // newest first

        // Stop: the transport goes, and the choice is kept in the case, audited.
        view->selectRow(0);
        window.findChild<QAction *>(u"actionStopFeed"_s)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(cell(model, 0, ui::FeedsModel::State), u"Stopped"_s, 10000);
        QCOMPARE(post(port, body), 0);   // nothing listens any more
        QTRY_COMPARE_WITH_TIMEOUT(test::sqlite(path, u"SELECT enabled FROM feeds WHERE name = 'hooks'"_s).out.trimmed(),
                                  u"0"_s, 10000);
        QCOMPARE(test::sqlite(path, u"SELECT actor || ' ' || action FROM audit WHERE object_type = 'feed' ORDER BY seq DESC LIMIT 1"_s)
                     .out.trimmed(),
                 u"cordon (GUI) feed.disable"_s);
        // Start again, on a fresh port.
        window.findChild<QAction *>(u"actionStartFeed"_s)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(cell(model, 0, ui::FeedsModel::State), u"Running"_s, 10000);

        // What the dialog saves is written by the case's writer and the list follows by itself.
        core::FeedDefinition tail;
        tail.name = "gateway-log";
        tail.kind = "tail";
        tail.config = {{"path", test::str(m_dir.filePath(u"gateway.jsonl"_s))}};
        window.findChild<ui::FeedController *>()->save(tail, {});
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 10000);
        QCOMPARE(cell(model, 0, ui::FeedsModel::Name), u"gateway-log"_s);   // by name
        QTRY_COMPARE_WITH_TIMEOUT(cell(model, 0, ui::FeedsModel::State), u"Running"_s, 10000);
        QCOMPARE(test::sqlite(path, u"SELECT actor || ' ' || action FROM audit WHERE object_type = 'feed' ORDER BY seq DESC LIMIT 1"_s)
                     .out.trimmed(),
                 u"cordon (GUI) feed.add"_s);
    }

    void feedInUseShowsWhyItFailed()
    {
        // Another listener already has the port: the dock says so instead of failing quietly.
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost));
        const QString path = m_dir.filePath(u"busy.cordon"_s);
        QCOMPARE(test::cli({u"new"_s, path, u"--title"_s, u"Busy"_s}).exitCode, 0);
        QCOMPARE(test::cli({u"feeds"_s, path, u"add"_s, u"hooks"_s, u"--http"_s,
                            u"127.0.0.1:%1"_s.arg(squatter.serverPort())}).exitCode, 0);
        ui::MainWindow window;
        QVERIFY(test::openCase(window, path));
        QAbstractItemModel *model = window.findChild<QTableView *>(u"feedsView"_s)->model();
        QTRY_COMPARE_WITH_TIMEOUT(cell(model, 0, ui::FeedsModel::State), u"Failed"_s, 10000);
        QVERIFY2(cell(model, 0, ui::FeedsModel::Detail).contains(u"cannot listen"_s),
                 qPrintable(cell(model, 0, ui::FeedsModel::Detail)));
    }

    void dialogRefusesLiteralSecretsAndKeepsHiddenSettings()
    {
        core::FeedDefinition f;
        f.name = "hooks";
        f.kind = "http";
        f.config = {{"listen", "127.0.0.1:8088"}, {"auth", "bearer:env:HOOK_TOKEN"}, {"max_body", 4096}};
        ui::FeedDialog dialog(f);
        QCOMPARE(dialog.findChild<QLineEdit *>(u"feedSecret"_s)->text(), u"env:HOOK_TOKEN"_s);
        dialog.findChild<QLineEdit *>(u"feedSecret"_s)->setText(u"hunter2"_s);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));   // still open
        auto *error = dialog.findChild<QLabel *>(u"feedError"_s);
        QVERIFY(!error->isHidden());
        QVERIFY(error->text().contains(u"env:NAME or file:PATH"_s));
        dialog.findChild<QLineEdit *>(u"feedSecret"_s)->setText(u"file:/run/secrets/hook"_s);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const core::FeedDefinition edited = dialog.feed();
        QCOMPARE(edited.config["auth"].get<std::string>(), std::string("bearer:file:/run/secrets/hook"));
        QCOMPARE(edited.config["max_body"].get<int>(), 4096);   // not shown, not lost
        // Switching kind keeps only what the new kind uses.
        auto *kind = dialog.findChild<QComboBox *>(u"feedKind"_s);
        kind->setCurrentIndex(kind->findData(u"tail"_s));
        dialog.findChild<QLineEdit *>(u"feedPath"_s)->setText(u"/var/log/gateway.jsonl"_s);
        const core::FeedDefinition tail = dialog.feed();
        QCOMPARE(tail.kind, std::string("tail"));
        QVERIFY(!tail.config.contains("listen"));
        QVERIFY(core::validateFeed(tail).ok());
    }
};

QTEST_MAIN(TestGuiFeeds)
#include "tst_gui_feeds.moc"
