//! `data_file_bytes(path)`: the size in bytes of a file under the data roots, NULL when it is missing, outside the
//! roots or the lookup times out — for auditing manifest tables against the files they name. It is async: each
//! batch's lookups run concurrently, in batches of the profile's async UDF batch size, each bounded by its timeout.

use super::DOC_SECTION;
use crate::roots::DataRoots;
use async_trait::async_trait;
use datafusion::arrow::array::{Array, ArrayRef, Int64Array, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{exec_err, Result};
use datafusion::logical_expr::async_udf::AsyncScalarUDFImpl;
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, TypeSignature, Volatility,
};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

#[derive(Debug)]
pub struct DataFileBytes {
    signature: Signature,
    roots: DataRoots,
    batch_size: usize,
    timeout: Duration,
}

impl DataFileBytes {
    pub fn new(roots: DataRoots, batch_size: usize, timeout: Duration) -> Self {
        let signature = Signature::new(TypeSignature::String(1), Volatility::Volatile)
            .with_parameter_names(vec!["path"])
            .expect("one name for a one-argument signature");
        DataFileBytes { signature, roots, batch_size, timeout }
    }

    /// The settings that come from the runtime profile, recorded in the capture.
    pub fn settings(&self) -> (usize, Duration) {
        (self.batch_size, self.timeout)
    }

    async fn size_of(&self, path: &str) -> Option<i64> {
        let resolved = self.roots.check(path).ok()?;
        let meta = tokio::time::timeout(self.timeout, tokio::fs::metadata(resolved)).await.ok()?.ok()?;
        meta.is_file().then(|| meta.len() as i64)
    }
}

impl PartialEq for DataFileBytes {
    fn eq(&self, other: &Self) -> bool {
        self.batch_size == other.batch_size && self.timeout == other.timeout
    }
}

impl Eq for DataFileBytes {}

impl Hash for DataFileBytes {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.batch_size.hash(state);
        self.timeout.hash(state);
    }
}

impl ScalarUDFImpl for DataFileBytes {
    fn name(&self) -> &str {
        "data_file_bytes"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn invoke_with_args(&self, _args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        exec_err!("data_file_bytes is async and runs through AsyncFuncExec")
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: OnceLock<Documentation> = OnceLock::new();
        Some(DOC.get_or_init(|| {
            Documentation::builder(DOC_SECTION,
                "Size in bytes of a file under the configured data roots; NULL if missing, outside the roots or slow.",
                "data_file_bytes(path)")
                .with_argument("path", "Absolute path of the file.")
                .with_sql_example("SELECT path, data_file_bytes(path) FROM manifest;")
                .build()
        }))
    }
}

#[async_trait]
impl AsyncScalarUDFImpl for DataFileBytes {
    fn ideal_batch_size(&self) -> Option<usize> {
        Some(self.batch_size)
    }

    async fn invoke_async_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let paths = cast(&arrays[0], &DataType::Utf8)?;
        let paths = paths.as_any().downcast_ref::<StringArray>().expect("cast to Utf8");
        let lookups = (0..paths.len()).map(|i| async move {
            if paths.is_null(i) {
                None
            } else {
                self.size_of(paths.value(i)).await
            }
        });
        let sizes: Int64Array = futures::future::join_all(lookups).await.into_iter().collect();
        Ok(ColumnarValue::Array(Arc::new(sizes) as ArrayRef))
    }
}
