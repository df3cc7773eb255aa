#pragma once

// What every GUI suite sets up: settings of its own, cleared, so a remembered layout from
// another run (or the developer's desktop) never decides a result.
#include "test_support.h"

#include "core/detect/detection_engine.h"
#include "core/ingest/importer.h"
#include "ui/main_window.h"

#include <QAction>
#include <QDateTime>
#include <QApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>

#include <fstream>

namespace cordon::test {

inline void isolateSettings(const QString &suite)
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("CordonTests"));
    QApplication::setApplicationName(suite);
    QSettings().clear();
}

/// A case with a Critical alert (an unsigned token accepted for svc-reporting) and a High
/// one (six jailbreak attempts by u-7), raised now so their SLAs run.
inline void writeAlertCase(const QString &path, const QString &dir)
{
    const std::string events = test::str(dir) + "/events.jsonl";
    {
        std::ofstream out(events);
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        out << nlohmann::json{{"time", now - 600}, {"kind", "auth"}, {"account", "svc-reporting"},
                              {"attributes", {{"auth.result", "success"},
                                              {"jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJzdmMiLCJleHAiOjQxMDI0NDQ4MDB9."}}}}
                   .dump()
            << '\n';
        for (int i = 0; i < 6; ++i)
            out << nlohmann::json{{"time", now - 500 + i * 10}, {"kind", "llm.request"}, {"account", "u-7"},
                                  {"prompt", "attempt " + std::to_string(i)}, {"flags", {"jailbreak_detected"}}}
                       .dump()
                << '\n';
    }
    auto file = test::newCase(path);
    QVERIFY(core::Importer(*file, core::SystemClock::instance()).run({events}).ok());
    core::DetectionEngine(core::DetectionConfig::builtIn(), core::SystemClock::instance()).run(file->db());
}

/// Shows `window` and opens `path` in it; true once the case is painted.
[[nodiscard]] inline bool openCase(ui::MainWindow &window, const QString &path)
{
    window.show();
    QSignalSpy shown(&window, &ui::MainWindow::caseShown);
    window.openCase(path);
    return shown.wait(10000);
}

/// Triggers a window action by objectName (as its shortcut would) and names the page shown.
inline QString trigger(ui::MainWindow &window, const char *action)
{
    window.findChild<QAction *>(QString::fromLatin1(action))->trigger();
    return window.findChild<QTabWidget *>(QStringLiteral("pages"))->currentWidget()->objectName();
}

} // namespace cordon::test
