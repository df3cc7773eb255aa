// cordon: the GUI composition root. Parses the command line and opens the main window.
#include "ui/demo_case.h"
#include "ui/investigate/investigate_page.h"
#include "ui/main_window.h"
#include "ui/process_memory.h"
#include "ui/response/response_page.h"
#include "ui/response/response_settings_dialog.h"
#include "ui/response/statement_dialog.h"
#include "ui/shell/appearance.h"
#include "ui/shell/command_palette.h"
#include "ui/timeline/timeline.h"
#include "ui/timeline/timeline_page.h"

#include <QApplication>
#include <QScreen>
#include <QStatusBar>
#include <QCommandLineParser>
#include <QDir>
#include <QLineEdit>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QTreeView>
#include <QMetaObject>
#include <QTimer>

#include <cstdio>
#include <thread>

namespace {

/// Lets pages and the rows they asked for arrive before a picture.
void settle()
{
    for (int spin = 0; spin < 20; ++spin) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(25);
    }
}

/// The Investigate page as a responder uses it: the riskiest account opened down to the
/// prompts of its first session.
void drillIntoRiskiestAccount(cordon::ui::MainWindow &window)
{
    auto *tree = window.findChild<QTreeView *>(QStringLiteral("accountTree"));
    settle();
    if (tree->model()->rowCount() == 0)
        return;
    window.investigatePage()->showAccount(tree->model()->index(0, 0).data().toString());
    settle();
    const QModelIndex session = tree->model()->index(0, 0, tree->currentIndex());
    if (tree->model()->rowCount(session) > 1)
        tree->setCurrentIndex(tree->model()->index(1, 0, session));
}

/// Every page of the window as NN-name.png in `dir`, and the campaign graph; returns how
/// many were written.
int saveScreenshots(cordon::ui::MainWindow &window, const QString &dir)
{
    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    int saved = 0;
    auto save = [&](int number, const QString &name) {
        settle();
        const QString file = QStringLiteral("%1/%2-%3.png").arg(dir).arg(number, 2, 10, QLatin1Char('0')).arg(name);
        if (window.grab().save(file)) {
            std::printf("screenshot: %s\n", qPrintable(file));
            ++saved;
        }
    };
    for (int i = 0; i < pages->count(); ++i) {
        pages->setCurrentIndex(i);
        if (auto *timeline = window.timelinePage(); pages->currentWidget() == timeline && timeline->view()->model()->rowCount() > 0)
            timeline->view()->selectRow(std::min(3, timeline->view()->model()->rowCount() - 1));
        if (pages->currentWidget() == window.investigatePage())
            drillIntoRiskiestAccount(window);
        if (auto *response = window.responsePage(); pages->currentWidget() == response && response->actionModel()->rowCount() > 0)
            response->actionView()->selectRow(0);
        save(i + 1, pages->tabText(i).remove(QLatin1Char('&')).toLower());
    }
    // The campaigns tab with the first campaign's graph.
    pages->setCurrentWidget(window.investigatePage());
    window.findChild<QTabWidget *>(QStringLiteral("investigateTabs"))->setCurrentIndex(2);
    if (auto *campaigns = window.findChild<QTableView *>(QStringLiteral("campaignTable")); campaigns->model()->rowCount() > 0) {
        campaigns->selectRow(0);
        save(pages->count() + 1, QStringLiteral("campaigns"));
    }
    // The response's communications: the clocks and the log.
    pages->setCurrentWidget(window.responsePage());
    window.findChild<QTabWidget *>(QStringLiteral("responseTabs"))->setCurrentIndex(3);
    save(pages->count() + 4, QStringLiteral("communications"));
    // The response's dialogs, each on its own.
    auto saveDialog = [&](QDialog &dialog, int number, const QString &name) {
        dialog.show();
        settle();
        const QString file = QStringLiteral("%1/%2-%3.png").arg(dir).arg(number, 2, 10, QLatin1Char('0')).arg(name);
        if (dialog.grab().save(file)) {
            std::printf("screenshot: %s\n", qPrintable(file));
            ++saved;
        }
        dialog.close();
    };
    {
        cordon::ui::ResponseSettingsDialog settings(*window.responseDesk(), &window);
        saveDialog(settings, pages->count() + 5, QStringLiteral("response-settings"));
        cordon::ui::StatementDialog statement(*window.responseDesk(), &window);
        saveDialog(statement, pages->count() + 6, QStringLiteral("statement"));
    }
    // The command palette over the overview, looking for an account. It is a window of its
    // own, so the picture is of the screen where both are.
    pages->setCurrentIndex(0);
    window.commandPalette()->popup();
    window.commandPalette()->input()->setText(QStringLiteral("u-90"));
    settle();
    const QString file = QStringLiteral("%1/%2-command-palette.png").arg(dir).arg(pages->count() + 2, 2, 10, QLatin1Char('0'));
    if (window.screen()->grabWindow(0, window.x(), window.y(), window.frameGeometry().width(), window.frameGeometry().height()).save(file)) {
        std::printf("screenshot: %s\n", qPrintable(file));
        ++saved;
    }
    window.commandPalette()->hide();
    // The overview in the dark palette, without changing the user's choice.
    const auto chosen = cordon::ui::storedAppearance();
    cordon::ui::applyAppearance(cordon::ui::Appearance::Dark, false);
    save(pages->count() + 3, QStringLiteral("overview-dark"));
    cordon::ui::applyAppearance(chosen, false);
    return saved;
}

} // namespace

int main(int argc, char **argv)
{
    cordon::ui::limitAllocatorArenas();   // before any thread
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Cordon"));
    QApplication::setOrganizationDomain(QStringLiteral("cordon.dev"));
    QApplication::setApplicationName(QStringLiteral("cordon"));
    QApplication::setApplicationDisplayName(QStringLiteral("Cordon"));
    QApplication::setApplicationVersion(QStringLiteral(CORDON_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("dev.cordon.Cordon"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("War room for security incidents in AI systems."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("case"), QStringLiteral("Case file (*.cordon) to open."));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Open the demo case (created once from simulated traffic)."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a picture of the main window to <file> once the case is shown (and its feeds have started), then quit."),
                                        QStringLiteral("file"));
    const QCommandLineOption screenshots(QStringLiteral("screenshots"),
                                         QStringLiteral("Save a picture of every page to <dir> once the case is shown and its timeline read, then quit."),
                                         QStringLiteral("dir"));
    parser.addOption(demo);
    parser.addOption(screenshot);
    parser.addOption(screenshots);
    parser.process(app);

    cordon::ui::applyAppearance(cordon::ui::storedAppearance());
    cordon::ui::MainWindow window;
    const QString shotPath = parser.value(screenshot);
    if (!shotPath.isEmpty()) {
        QObject::connect(&window, &cordon::ui::MainWindow::caseShown, &window, [&window, shotPath](const QString &path) {
            QTimer::singleShot(1500, &window, [&window, shotPath, path] {
                const bool saved = window.grab().save(shotPath);
                std::printf("case: %s\nscreenshot: %s\n", qPrintable(path), saved ? qPrintable(shotPath) : "(could not be saved)");
                QApplication::exit(saved ? 0 : 1);
            });
        });
        QObject::connect(&window, &cordon::ui::MainWindow::caseFailed, &window, [](const QString &, const QString &message) {
            std::fprintf(stderr, "cordon: %s\n", qPrintable(message));
            QApplication::exit(1);
        });
    }
    const QString shotDir = parser.value(screenshots);
    if (!shotDir.isEmpty()) {
        QObject::connect(&window, &cordon::ui::MainWindow::caseShown, &window, [&window, shotDir] {
            // Once the whole timeline is read (not only its first screen), every page in turn.
            auto *timeline = window.timelinePage()->timeline();
            auto shoot = [&window, shotDir] {
                QDir().mkpath(shotDir);
                QTimer::singleShot(800, &window, [&window, shotDir] {
                    const int saved = saveScreenshots(window, shotDir);
                    QApplication::exit(saved > 0 ? 0 : 1);
                });
            };
            if (timeline->complete()) {
                shoot();
                return;
            }
            auto *waiting = new QObject(&window);   // deleted with the connection once complete
            QObject::connect(timeline, &cordon::ui::Timeline::matchesChanged, waiting,
                             [waiting, shoot](const cordon::ui::TimelineMatches &m) {
                                 if (!m.complete)
                                     return;
                                 waiting->deleteLater();
                                 shoot();
                             });
        }, Qt::SingleShotConnection);
    }
    window.show();

    // Joined before main returns: the worker refers to the window, which must outlive it.
    std::thread demoWorker;
    if (parser.isSet(demo)) {
        // Building the demo case takes seconds: do it off the UI thread, then open it.
        const std::string path = cordon::ui::demoCasePath();
        demoWorker = std::thread([&window, path] {
            auto result = cordon::ui::ensureDemoCase(path, [&window](const std::string &step) {
                QMetaObject::invokeMethod(&window, [&window, step] {
                    window.statusBar()->showMessage(QString::fromStdString(step));
                });
            });
            QMetaObject::invokeMethod(&window, [&window, result] {
                if (result)
                    window.openCase(QString::fromStdString(result.value()));
                else
                    window.showError(QObject::tr("The demo case could not be created: %1")
                                         .arg(QString::fromStdString(result.error().message)));
            });
        });
    } else if (!parser.positionalArguments().isEmpty()) {
        window.openCase(parser.positionalArguments().constFirst());
    }
    const int rc = QApplication::exec();
    if (demoWorker.joinable())
        demoWorker.join(); // queued calls into the window after this point are simply dropped
    return rc;
}
