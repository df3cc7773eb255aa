#pragma once

// What every GUI suite sets up: settings of its own, cleared, so a remembered layout from
// another run (or the developer's desktop) never decides a result.
#include "ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>

namespace cordon::test {

inline void isolateSettings(const QString &suite)
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("CordonTests"));
    QApplication::setApplicationName(suite);
    QSettings().clear();
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
