#pragma once

#include <QDockWidget>

class QPlainTextEdit;

namespace cordon::ui {

/// What Cordon's subsystems log (information and above), as it happens: the place to look
/// when a feed or an analysis misbehaves. Problems the user must act on are shown in the
/// window as well, never only here.
class LogDock : public QDockWidget {
    Q_OBJECT
public:
    explicit LogDock(QWidget *parent = nullptr);

    QPlainTextEdit *view() const { return m_view; }

private:
    QPlainTextEdit *m_view;
};

/// Routes every logger to stderr (warnings and above, as before) and to the log docks
/// (information and above). Idempotent.
void installLogView();

} // namespace cordon::ui
