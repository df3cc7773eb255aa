#pragma once

#include <QPalette>

namespace cordon::ui {

/// Light or dark: the system's choice by default, or the user's.
enum class Appearance { System, Light, Dark };

/// The appearance chosen last (System when never chosen).
Appearance storedAppearance();
/// Paints the whole application in it and (unless told not to) remembers the choice.
/// Widgets repaint through their palette-change events (charts included).
void applyAppearance(Appearance appearance, bool remember = true);
/// Whether the desktop asks for dark: its palette is dark, or GNOME/GTK say so (Qt 6.4 has
/// no colour-scheme hint of its own).
bool systemPrefersDark();
QPalette darkPalette();

} // namespace cordon::ui
