// cordon: the GUI composition root. Parses the command line and opens the main window.
#include "ui/demo_case.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QStatusBar>
#include <QCommandLineParser>
#include <QMetaObject>
#include <QTimer>

#include <cstdio>
#include <thread>

int main(int argc, char **argv)
{
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
    parser.addOption(demo);
    parser.addOption(screenshot);
    parser.process(app);

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
