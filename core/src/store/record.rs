//! What the stores write: the golden bytes of each stored format, checked by the tests in
//! `record/tests.rs`.

#[cfg(test)]
mod tests;
