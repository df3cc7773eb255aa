#pragma once

#include "core/store/feed_definitions.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace cordon::ui {

/// Adds or edits one feed definition. Secrets are never typed in: the feed names an
/// environment variable or a file to read them from, as the case file must not hold them.
class FeedDialog : public QDialog {
    Q_OBJECT
public:
    explicit FeedDialog(const core::FeedDefinition &feed, QWidget *parent = nullptr);

    core::FeedDefinition feed() const;
    void accept() override;

private:
    void showFieldsForKind();
    QString kind() const;

    core::FeedDefinition m_original;
    QFormLayout *m_form;
    QLineEdit *m_name, *m_listen, *m_path, *m_url, *m_secret;
    QComboBox *m_kind, *m_auth;
    QSpinBox *m_seconds;
    QCheckBox *m_enabled;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace cordon::ui
