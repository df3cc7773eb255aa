#pragma once

#include <QDialog>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;

namespace cordon::ui {

class ResponseDesk;

/// A statement for stakeholders, affected users or regulators: drafted from the template
/// with what the case knows, edited here, then logged as sent by other means or queued on a
/// Slack or webhook channel. Either way it lands in the communications log, audited.
class StatementDialog : public QDialog {
    Q_OBJECT
public:
    explicit StatementDialog(ResponseDesk &desk, QWidget *parent = nullptr);

private:
    void redraft();
    void record();

    ResponseDesk &m_desk;
    QComboBox *m_audience, *m_channel;
    QLineEdit *m_subject;
    QPlainTextEdit *m_body;
};

} // namespace cordon::ui
