@echo off
rem The rdw command on Windows, from a checkout: builds rdw with the Maven Wrapper (mvnw.cmd) on first use, or after
rem the sources change, then runs it with java -jar. Needs Java 17+ only (java on the PATH, or JAVA_HOME).
rem   rdw quickstart          rdw --help          rdw jshell
rem RDW_JAVA_OPTS passes options to the JVM (e.g. set RDW_JAVA_OPTS=-Xmx512m). ./rdw does the same elsewhere.
rem RDW_NATIVE_CACHE: where DuckDB's native library is kept; RDW_CDS=off: no class-data sharing archive (see README).
setlocal
set "RDW_HOME=%~dp0"
set "RDW_JAR=%RDW_HOME%rdw-cli\target\rdw-cli.jar"
set "RDW_JAVA=java"
if defined JAVA_HOME set "RDW_JAVA=%JAVA_HOME%\bin\java"

if not exist "%RDW_JAR%" goto build
rem stale when a source, a pom.xml or a main resource is newer than the jar (target and .git folders aside)
powershell -NoProfile -NonInteractive -Command "$jar = (Get-Item -LiteralPath $env:RDW_JAR).LastWriteTimeUtc; $newer = Get-ChildItem -LiteralPath $env:RDW_HOME -Recurse -File -ErrorAction SilentlyContinue | Where-Object { $_.FullName -notmatch '\\(target|\.git)\\' -and ($_.Name -like '*.java' -or $_.Name -eq 'pom.xml' -or $_.FullName -match '\\src\\main\\resources\\') -and $_.LastWriteTimeUtc -gt $jar } | Select-Object -First 1; if ($newer) { exit 1 } else { exit 0 }"
if errorlevel 1 goto build
goto run

:build
echo rdw: building rdw (first use, or the sources changed) ... 1>&2
set "RDW_LOG=%TEMP%\rdw-build-%RANDOM%%RANDOM%.log"
pushd "%RDW_HOME%"
call "%RDW_HOME%mvnw.cmd" -B -q -DskipTests -DskipShade=true -pl rdw-cli -am package > "%RDW_LOG%" 2>&1
set "RDW_RC=%ERRORLEVEL%"
popd
if "%RDW_RC%"=="0" goto built
type "%RDW_LOG%" 1>&2
echo rdw: the build failed, log above 1>&2
exit /b 1
:built
del "%RDW_LOG%" 2>nul
powershell -NoProfile -NonInteractive -Command "(Get-Item -LiteralPath $env:RDW_JAR).LastWriteTimeUtc = (Get-Date).ToUniversalTime()"
rem the classes of the new jar are archived anew on the next run
del "%RDW_HOME%rdw-cli\target\rdw-cli.jsa" "%RDW_HOME%rdw-cli\target\rdw-cli.jsa.size" 2>nul

:run
rem DuckDB's native library: rdw-cli packs DuckDB's driver without it, and rdw extracts it once into the per-user cache
rem (RDW_NATIVE_CACHE, else %LOCALAPPDATA%\rdw\cache); the driver loads it through java.library.path.
set "RDW_LIBPATH="
set "RDW_DUCKDB="
for %%f in ("%RDW_HOME%rdw-cli\target\lib\duckdb_jdbc-*.jar") do set "RDW_DUCKDB=%%~nf"
if not defined RDW_DUCKDB goto cds
set "RDW_CACHE=%RDW_NATIVE_CACHE%"
if not defined RDW_CACHE set "RDW_CACHE=%LOCALAPPDATA%\rdw\cache"
set "RDW_LIBPATH="-Djava.library.path=%RDW_CACHE%\duckdb\%RDW_DUCKDB:duckdb_jdbc-=%""

:cds
rem Class-data sharing: the first run after a build archives the classes it loaded beside the jar, later runs map
rem them. An archive that does not fit is ignored without a word, but a cut one crashes the JVM: an archive is kept
rem only when a run that requires it works, and used only at the size it had then. RDW_CDS=off leaves it out.
set "RDW_CDS_FILE=%RDW_HOME%rdw-cli\target\rdw-cli.jsa"
set "RDW_CDS_NEW="
set "RDW_CDSOPTS="
set "RDW_QUIET=-Xlog:cds=off -Xlog:cds+dynamic=off"
if /i "%RDW_CDS%"=="off" goto launch
if not exist "%RDW_CDS_FILE%" goto cdsnew
if not exist "%RDW_CDS_FILE%.size" goto cdsnew
set "RDW_CDS_WANT="
set /p RDW_CDS_WANT=<"%RDW_CDS_FILE%.size"
set "RDW_CDS_HAS="
for %%a in ("%RDW_CDS_FILE%") do set "RDW_CDS_HAS=%%~za"
if not "%RDW_CDS_HAS%"=="%RDW_CDS_WANT%" goto cdsnew
if "%RDW_CDS_WANT%"=="0" goto launch
set RDW_CDSOPTS=-Xshare:auto "-XX:SharedArchiveFile=%RDW_CDS_FILE%" %RDW_QUIET%
goto launch
:cdsnew
set "RDW_CDS_NEW=%RDW_CDS_FILE%.%RANDOM%%RANDOM%.tmp"
set RDW_CDSOPTS=-Xshare:auto "-XX:ArchiveClassesAtExit=%RDW_CDS_NEW%" %RDW_QUIET%

:launch
"%RDW_JAVA%" %RDW_LIBPATH% %RDW_CDSOPTS% %RDW_JAVA_OPTS% -jar "%RDW_JAR%" %*
set "RDW_RC=%ERRORLEVEL%"
if not defined RDW_CDS_NEW exit /b %RDW_RC%
set "RDW_CDS_HAS=0"
if not exist "%RDW_CDS_NEW%" goto cdskeep
"%RDW_JAVA%" %RDW_JAVA_OPTS% -Xshare:on "-XX:SharedArchiveFile=%RDW_CDS_NEW%" %RDW_QUIET% -jar "%RDW_JAR%" --version >nul 2>nul
if errorlevel 1 goto cdskeep
for %%a in ("%RDW_CDS_NEW%") do set "RDW_CDS_HAS=%%~za"
:cdskeep
rem a failed archive leaves an empty one behind: not tried again until the next build
if "%RDW_CDS_HAS%"=="0" type nul > "%RDW_CDS_NEW%"
move /y "%RDW_CDS_NEW%" "%RDW_CDS_FILE%" >nul 2>nul
> "%RDW_CDS_FILE%.size" echo %RDW_CDS_HAS%
del "%RDW_CDS_NEW%" 2>nul
exit /b %RDW_RC%
