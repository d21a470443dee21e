@echo off
rem The rdw command on Windows, from a checkout: builds rdw with the Maven Wrapper (mvnw.cmd) on first use, or after
rem the sources change, then runs it with java -jar. Needs Java 17+ only (java on the PATH, or JAVA_HOME).
rem   rdw quickstart          rdw --help          rdw jshell
rem RDW_JAVA_OPTS passes options to the JVM (e.g. set RDW_JAVA_OPTS=-Xmx512m). ./rdw does the same elsewhere.
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

:run
"%RDW_JAVA%" %RDW_JAVA_OPTS% -jar "%RDW_JAR%" %*
exit /b %ERRORLEVEL%
