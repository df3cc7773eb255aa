#pragma once

#include <QWidget>

namespace cordon::ui {

/// Whether a dock can be seen: one behind another dock's tab still counts as visible to Qt.
inline bool inFront(const QWidget *dock)
{
    return dock->isVisible() && !dock->visibleRegion().isEmpty();
}

} // namespace cordon::ui
