#include "ui/shell/appearance.h"

#include "ui/severity_palette.h"

#include <QApplication>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>

namespace cordon::ui {
namespace {
const auto kAppearanceKey = QStringLiteral("appearance");

/// The palette the platform gave the application, before Cordon changed anything.
const QPalette &platformPalette()
{
    static const QPalette palette = QApplication::palette();
    return palette;
}

bool gnomePrefersDark()
{
    if (qEnvironmentVariable("GTK_THEME").endsWith(QStringLiteral(":dark"), Qt::CaseInsensitive))
        return true;
    const QString gsettings = QStandardPaths::findExecutable(QStringLiteral("gsettings"));
    if (gsettings.isEmpty())
        return false;
    QProcess p;
    p.start(gsettings, {QStringLiteral("get"), QStringLiteral("org.gnome.desktop.interface"), QStringLiteral("color-scheme")});
    if (!p.waitForFinished(500)) {
        p.kill();
        p.waitForFinished(100);
        return false;
    }
    return p.readAllStandardOutput().contains("prefer-dark");
}
} // namespace

Appearance storedAppearance()
{
    const QString value = QSettings().value(kAppearanceKey).toString();
    if (value == QStringLiteral("light"))
        return Appearance::Light;
    if (value == QStringLiteral("dark"))
        return Appearance::Dark;
    return Appearance::System;
}

bool systemPrefersDark()
{
    static const bool dark = isDarkPalette(platformPalette()) || gnomePrefersDark();
    return dark;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6), mid(0x5a, 0x5d, 0x63);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x41));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9d, 0xa3));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3b));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6e, 0x6e));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x52));
    p.setColor(QPalette::Midlight, QColor(0x3d, 0x40, 0x44));
    p.setColor(QPalette::Mid, mid);
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb5));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x9d, 0xdb));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x7a, 0x7d, 0x82));
    return p;
}

void applyAppearance(Appearance appearance, bool remember)
{
    platformPalette();   // taken before the first change
    if (remember)
        QSettings().setValue(kAppearanceKey, appearance == Appearance::Light  ? QStringLiteral("light")
                                         : appearance == Appearance::Dark ? QStringLiteral("dark")
                                                                          : QStringLiteral("system"));
    const bool dark = appearance == Appearance::Dark || (appearance == Appearance::System && systemPrefersDark());
    if (appearance == Appearance::System && isDarkPalette(platformPalette()) == dark) {
        // The platform's own palette already is what the system asks for.
        QApplication::setPalette(platformPalette());
        return;
    }
    // Fusion draws every widget from the palette, so a dark palette gives dark controls.
    QApplication::setStyle(QStringLiteral("Fusion"));
    QApplication::setPalette(dark ? darkPalette() : QApplication::style()->standardPalette());
}

} // namespace cordon::ui
