package io.redback.rdw.query;

import io.redback.rdw.spi.SqlGuard;
import io.redback.rdw.tck.SqlGuardContract;

/** The SQL guard contract on Calcite's parser. */
class CalciteSqlGuardContractTest extends SqlGuardContract {
    @Override
    protected SqlGuard createGuard() {
        return new CalciteSqlGuard();
    }
}
