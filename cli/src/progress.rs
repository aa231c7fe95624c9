//! The progress bar of an export or import: drawn on standard error when it is a terminal, fed
//! by the core's progress callbacks; nothing at all in a pipe or a cron job.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use vastuu::{ImportProgress, Progress};

/// A progress bar, or nothing when standard error is not a terminal.
pub(crate) struct Bar(Option<ProgressBar>);

impl Bar {
    /// A bar on standard error when it is a terminal.
    pub(crate) fn for_stderr() -> Bar {
        if !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {wide_bar} {human_pos}/{human_len} rows ({eta})") {
            bar.set_style(style);
        }
        Bar(Some(bar))
    }

    /// Shows what the export reported.
    pub(crate) fn update(&self, progress: Progress) {
        self.show(progress.rows_written, progress.total);
    }

    /// Shows what the import reported.
    pub(crate) fn update_import(&self, progress: ImportProgress) {
        self.show(progress.rows_done, progress.total);
    }

    fn show(&self, done: u64, total: u64) {
        if let Some(bar) = &self.0 {
            bar.set_length(total);
            bar.set_position(done);
        }
    }

    /// Removes the bar.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
